"""AppTest against the real app.py."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
STEP = "app_pages/step.py"
START = "app_pages/start.py"


def new_app(lang: str = "en", **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    for k, v in query.items():
        at.query_params[k] = v
    return at


@pytest.fixture
def app():
    return new_app


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [e.value for e in at.error] + [h.value for h in at.title] + [h.value for h in at.subheader]
    return "\n".join(parts)
