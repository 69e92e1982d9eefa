"""The scaled-out profile on one machine: several Rasa replicas, action servers and the sticky proxy.

Used by `python -m bot.deploy up` and by tests/production/. In containers each process runs on its
own (deploy/docker-compose.yml, deploy/k8s/values.example.yaml); this is the same set of processes
with the same environment, started as local subprocesses.

    Browser / REST ──▶ proxy :PROXY_PORT ──sticky──▶ Rasa replica 1..N ──▶ proxy :ACTION_PORT ──▶ action server 1..M
                                                        │      │
                                                 PostgreSQL  Redis
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from bot import settings
from bot.deploy import profile
from bot.stack import Service, action_server, rasa_server, wait_healthy


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
    action_url: Optional[str] = None  # default: the proxy in front of the action servers
    services: List[Service] = field(default_factory=list)

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

    def _proxy(self) -> Service:
        command = [sys.executable, "-m", "bot.deploy", "proxy",
                   "--listen", f"{self.host}:{self.proxy_port}"]
        for url in self.replica_urls:
            command += ["--backend", url]
        command += ["--actions-listen", f"{self.host}:{self.action_proxy_port}"]
        for url in self.action_urls:
            command += ["--action-backend", url]
        return Service(
            name="proxy",
            command=command,
            health_url=f"http://{self.host}:{self.proxy_port}/_proxy/health",
            env={**settings.rasa_env(), **self.env},
            log_path=self.logs / "proxy.log",
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
        except Exception:
            self.stop()
            raise

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM to every process group at once, then SIGKILL to whatever is left after `timeout`."""
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
