"""The scaled-out profile on one machine: several Rasa replicas, action servers and HAProxy in front.

Used by `python -m bot.deploy up` and by tests/production/. In containers each process runs on its
own (deploy/docker-compose.yml, deploy/k8s/values.example.yaml); this is the same set of processes
with the same environment, started as local subprocesses and kept running by a small supervisor
that restarts a process that died, as systemd's Restart=on-failure or Kubernetes would.

    Browser / REST ──▶ HAProxy :PROXY_PORT ──▶ Rasa replica 1..N ──▶ HAProxy :ACTION_PORT ──▶ action server 1..M
                                                  │      │
                                           PostgreSQL  Redis
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from bot import settings
from bot.deploy import haproxy, profile
from bot.stack import Service, action_server, rasa_server, wait_healthy

logger = logging.getLogger(__name__)

# Exits that mean "stopped on purpose" (systemd's Restart=on-failure does not restart these).
CLEAN_EXITS = {0, -signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP, -signal.SIGPIPE}


class Supervisor:
    """Restarts a service whose process died (killed, crashed, out of memory) after `delay` seconds,
    at most `burst` times per `window` seconds (systemd's RestartSec and StartLimitBurst). A clean
    exit or SIGTERM is a deliberate stop and is left alone."""

    def __init__(self, services: List[Service], delay: float = 1.0, burst: int = 5, window: float = 120.0,
                 report=print) -> None:
        self.services = services
        self.delay, self.burst, self.window = delay, burst, window
        self.report = report
        self.restarts: Dict[str, List[float]] = {}
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None

    def check(self) -> None:
        for service in self.services:
            process = service.process
            if process is None or process.poll() is None or process.returncode in CLEAN_EXITS:
                continue
            now = time.monotonic()
            recent = [t for t in self.restarts.get(service.name, []) if now - t < self.window]
            if len(recent) >= self.burst:
                if len(recent) == self.burst:
                    self.report(f"{service.name} er stoppet {self.burst} gange på {self.window:.0f} s; "
                                f"startes ikke igen. Se {service.log_path}")
                    recent.append(now)
                    self.restarts[service.name] = recent
                continue
            self.report(f"{service.name} stoppede (kode {process.returncode}); starter den igen. "
                        f"Se {service.log_path}")
            self._stop.wait(self.delay)
            if self._stop.is_set():
                return
            service.start()
            self.restarts[service.name] = recent + [now]

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.check()
            except Exception as exc:  # noqa: BLE001 - the supervisor must keep running
                logger.error("Supervisoren fejlede: %s", type(exc).__name__)

    def start(self, interval: float = 0.5) -> None:
        self._thread = threading.Thread(target=self._run, args=(interval,), name="supervisor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)


@dataclass
class LocalCluster:
    model: Path
    logs: Path
    token: str
    replicas: int = 2
    action_servers: int = 1
    host: str = "127.0.0.1"
    proxy_port: int = 5005
    action_proxy_port: int = 5055
    replica_ports: List[int] = field(default_factory=list)
    action_ports: List[int] = field(default_factory=list)
    env: Dict[str, str] = field(default_factory=dict)  # extra environment for every process
    rasa_env: Dict[int, Dict[str, str]] = field(default_factory=dict)  # per-replica extras, by index
    action_url: Optional[str] = None  # default: the load balancer in front of the action servers
    services: List[Service] = field(default_factory=list)
    supervisor: Optional[Supervisor] = None

    def __post_init__(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        if not self.replica_ports:
            base = settings.replica_base_port()
            self.replica_ports = [base + i for i in range(self.replicas)]
        if not self.action_ports:
            base = settings.replica_base_port() + 50
            self.action_ports = [base + i for i in range(self.action_servers)]
        self.replicas, self.action_servers = len(self.replica_ports), len(self.action_ports)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.proxy_port}"

    @property
    def replica_urls(self) -> List[str]:
        return [f"http://{self.host}:{port}" for port in self.replica_ports]

    @property
    def action_urls(self) -> List[str]:
        return [f"http://{self.host}:{port}" for port in self.action_ports]

    def _actions(self) -> List[Service]:
        services = []
        for i, port in enumerate(self.action_ports):
            service = action_server(port, self.logs / f"actions-{i + 1}.log")
            service.name = f"handlingsserver {i + 1}"
            service.env.update({"KB_URL": settings.kb_url(), **self.env})
            services.append(service)
        return services

    def _replicas(self) -> List[Service]:
        action_url = self.action_url or f"http://{self.host}:{self.action_proxy_port}/webhook"
        services = []
        for i, port in enumerate(self.replica_ports):
            extra = {**profile.replica_env(action_url), **self.env, **self.rasa_env.get(i, {})}
            service = rasa_server(self.model, port, action_url, self.token, self.logs / f"rasa-{i + 1}.log",
                                  extra_env=extra, endpoints=profile.PRODUCTION_ENDPOINTS)
            service.name = f"Rasa-replika {i + 1}"
            services.append(service)
        return services

    def load_balancer(self) -> haproxy.LoadBalancer:
        return haproxy.LoadBalancer(
            listen=f"{self.host}:{self.proxy_port}", replicas=self.replica_urls,
            actions_listen=f"{self.host}:{self.action_proxy_port}", action_servers=self.action_urls,
            allowed_origins=settings.cors_origins(), max_body=settings.max_request_bytes(),
        )

    def _proxy(self) -> Service:
        config = self.logs / "haproxy.cfg"
        config.write_text(self.load_balancer().config(), encoding="utf-8")
        return Service(
            name="load balancer",
            command=haproxy.command(str(config)),
            health_url=f"http://{self.host}:{self.proxy_port}{haproxy.HEALTH_PATH}",
            log_path=self.logs / "haproxy.log",
        )

    def build(self) -> List[Service]:
        self.services = [*self._actions(), self._proxy(), *self._replicas()]
        return self.services

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)

    def start(self, timeout: float = 300) -> None:
        if not self.services:
            self.build()
        for service in self.services:
            service.start()
        try:
            wait_healthy(self.services, timeout=timeout)
            self._wait_until_routed(timeout=60)
        except Exception:
            self.stop()
            raise

    def _wait_until_routed(self, timeout: float) -> None:
        """Until HAProxy sends requests on: it marks a replica up only after its own health checks
        ("rise 2"), a few seconds after the replica itself answers."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Load balanceren sendte ikke videre til en Rasa-replika inden for {timeout:.0f} s")
            time.sleep(0.5)

    def supervise(self, report=print) -> Supervisor:
        """Restart services that die from now on (until stop())."""
        self.supervisor = Supervisor(self.services, report=report)
        self.supervisor.start()
        return self.supervisor

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM to every process group at once, then SIGKILL to whatever is left after `timeout`."""
        if self.supervisor is not None:
            self.supervisor.stop()
        running = [s for s in self.services if s.running()]
        for service in running:
            try:
                os.killpg(service.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        for service in running:
            try:
                service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                service.stop(timeout=1)
