"""Send again the e-mails the outbox gave up on, once the mail server or address is fixed."""

from django.core.management.base import BaseCommand

from registrations.notifications import failed_emails_requeue, pending_emails_send


class Command(BaseCommand):
    help = (
        "Put the e-mails the outbox gave up on (status failed) back in the queue and send what "
        "is waiting now; their attempts and last error are kept."
    )

    def handle(self, *args, **options):
        waiting = failed_emails_requeue()
        sent = pending_emails_send()
        self.stdout.write(f"E-mails waiting again: {waiting}. Messages sent now: {sent}.")
