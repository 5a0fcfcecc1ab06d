"""An in-memory e-mail backend that refuses the messages of some attempts with an SMTP error, as
a mail server that is briefly down would; otherwise it behaves like Django's locmem backend."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failing_attempts: set[int] = set()  # 1 = the first message the portal tries to send
    attempts = 0

    def send_messages(self, messages):
        sent = 0
        for message in messages:
            FlakyBackend.attempts += 1
            if FlakyBackend.attempts in FlakyBackend.failing_attempts:
                raise smtplib.SMTPServerDisconnected("the mail server went away")
            sent += super().send_messages([message])
        return sent
