"""An e-mail backend for worker processes started by the reliability tests: every delivered
message becomes one file, so the test can count deliveries per recipient. A marker file is
written when a delivery starts, and the delivery takes a while, so a test can kill the worker
in the middle of one."""

import json
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

DELAY_VARIABLE = "RELIABILITY_MAIL_SECONDS"


def mail_folder(var_folder: Path) -> Path:
    return var_folder / "mail"


def delivered(var_folder: Path) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(mail_folder(var_folder).glob("*.json"))]


def delivering(var_folder: Path) -> list[str]:
    """Recipients whose delivery started (whether or not it finished)."""
    return [path.read_text() for path in mail_folder(var_folder).glob("*.started")]


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = uuid.uuid4().hex
            (folder / f"{name}.started").write_text(",".join(message.to))
            time.sleep(float(os.environ.get(DELAY_VARIABLE, "0")))
            record = {"to": message.to, "subject": message.subject, "body": message.body}
            temporary = folder / f"{name}.tmp"
            temporary.write_text(json.dumps(record))
            temporary.rename(folder / f"{name}.json")
        return len(email_messages)
