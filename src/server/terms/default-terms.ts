/**
 * The consent text shown when the operator gives no --terms-file. Written for this project; an
 * operator running a real study should replace it with text their ethics review approved.
 */
export const DEFAULT_TERMS_TEXT = `# Consent to take part in a research data collection

This chat service is free to use because it is a **research project**. Before you chat, please read
what happens to what you type. You can only use the service if you agree.

## What we collect

For every message you send we store:

- **your messages** and the **model's replies**, including replies you stop or regenerate and edits
  you make;
- **times**: when your message arrived, when the reply started and when it finished;
- a **keyed hash of your IP address**. Your IP address itself is never written to disk or to logs:
  we keep only a one-way code made with a secret key, so that messages from the same connection can
  be grouped;
- the **country and region** looked up from your IP address (not your city);
- your browser's **user-agent** (browser and operating system) and **accept-language** headers;
- the model, the settings you chose and technical details of the reply (token counts, finish reason,
  errors).

We do not ask for your name or e-mail address and we set no tracking cookies. Please do not type
personal information (names, addresses, phone numbers, passwords) into the chat.

## How we use it

The data is used for **research** on how people use chatbots, and to keep the service running and
free of abuse (for example to enforce rate limits).

## Publication

Your conversations **may be published** as part of a **public dataset** that anyone can download and
use. Before publication we run automatic **redaction of personal information** (for example e-mail
addresses, phone numbers and names) and remove deleted conversations. Automatic redaction is not
perfect, so anything you type may become public. The published dataset contains the country and
region, the hashed IP address and the browser headers listed above, never your IP address.

## How long we keep it

We keep the raw conversations for as long as the research project runs and, at most, five years
after the last dataset release. Published datasets cannot be recalled from people who have already
downloaded them.

## How to withdraw

You can withdraw at any time **before the release review window ends** for the release that would
include your data:

- choose **"Delete my data"** in the app, or
- send \`DELETE /api/me\` with your access token.

This deletes every conversation of yours from our store and keeps a deletion record so that no later
release includes them. You can also delete single conversations. You can download a copy of your data
("Export my data", \`GET /api/me/export\`) at any time.

## Your agreement

By choosing **"I agree"** you confirm that you are at least 18 years old, that you have read this
text, and that you agree that your conversations are collected, used and may be published as
described above. If you do not agree, please do not use this service.
`;
