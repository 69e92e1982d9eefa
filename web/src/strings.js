// The texts the page's script shows. The page's fixed texts (heading, labels, buttons) are in
// bot/web/templates/index.html; the assistant's answers come from the bot.

export const STRINGS = {
  you: "Du skrev:",
  assistant: "Assistenten skrev:",
  newConversationDone: "Ny samtale startet.",
  suggestions: "Forslag til svar",
  typing: "Assistenten skriver …",
  connecting: "Forbinder til assistenten …",
  reconnecting: "Forbindelsen blev afbrudt. Prøver igen …",
  reconnected: "Forbindelsen er genoprettet.",
  unavailable:
    "Chatten er ikke tilgængelig lige nu. Prøv igen om lidt. Vi prøver selv at oprette forbindelse igen.",
  notSent: "Beskeden blev ikke sendt, fordi chatten ikke er tilgængelig lige nu. Prøv igen om lidt.",
  noAnswer: "Din besked fik ikke noget svar. Tryk på »Send igen« for at sende den igen.",
  resend: "Send igen",
  emptyMessage: "Skriv en besked, før du sender.",
  tooLong: "Beskeden er for lang. Skriv højst 1000 tegn.",
  feedbackQuestion: "Hjalp svaret?",
  feedbackUp: "Ja",
  feedbackDown: "Nej",
  feedbackUpLabel: "Ja, svaret hjalp",
  feedbackDownLabel: "Nej, svaret hjalp ikke",
  feedbackThanks: "Tak for din vurdering.",
  feedbackFailed: "Din vurdering blev ikke gemt. Prøv igen om lidt.",
  opensInNewWindow: "(åbner i et nyt vindue)",
  image: "Billede fra assistenten",
  deleteConversation: "Slet min samtale",
};

// Sent by the page's "Slet samtalen" button (intent delete_conversation, domain/privacy.yml).
export const DELETE_PAYLOAD = "/delete_conversation";

export const MAX_MESSAGE_LENGTH = 1000;
