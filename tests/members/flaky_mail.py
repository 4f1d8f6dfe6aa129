"""An e-mail backend that fails like an unreachable SMTP server, the first ``failures`` times.

The edge of the system (the mail server), not our code: alerts must survive it.
"""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures = 0  # set by the test; counts down with every refused send
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise smtplib.SMTPServerDisconnected("Verbindung zum Mailserver verloren")
        return super().send_messages(messages)
