"""No page scrolls sideways: every page of every role (tests/e2e/pages.py) at 390 × 844 (a
phone), 320 × 640 (the narrowest phone in use) and 1366 × 768 (a laptop), in Swedish (the
longer words). The document and the body are no wider than the viewport; a wide table scrolls
inside its own container. A full-page screenshot of each page at 390 and at 1366 px is saved
under test-artifacts/layout/<width>/<role>/<URL name>.png for review.

One test item per role (each seeds the demo world of its own), so they split across workers."""

import shutil

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import PAGE_ROLES, browser_context, client_for, demo_world, role_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# (width, height), the first is the one each page is loaded at; the others re-lay it out.
VIEWPORTS = ((390, 844), (320, 640), (1366, 768))
SCREENSHOT_WIDTHS = (390, 1366)
LAYOUT_ARTIFACTS = ARTIFACTS / "layout"

# The widths, and what makes the page wide: the elements that stick out of a parent that fits
# (or of the body), and the body itself when its own box is wider than the window.
MEASURE = """() => {
  const limit = window.innerWidth + 0.5;
  const body = document.body;
  const right = (element) => element.getBoundingClientRect().right;
  const describe = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + [...element.classList].map((name) => "." + name).join("");
  const culprits = [];
  if (right(body) > limit) {
    const style = getComputedStyle(body);
    culprits.push(`body itself ${Math.round(right(body))} px (width ${style.width}, `
      + `min-width ${style.minWidth})`);
  }
  // Inside a box that scrolls or clips and fits (a table's container), an element makes nothing
  // wide, unless it is positioned absolutely and its containing block is outside that box:
  // then it escapes (a visually hidden text in a table whose container is not positioned).
  const escapes = (element) => ["absolute", "fixed"].includes(getComputedStyle(element).position);
  const containingBlock = (element) => {
    if (getComputedStyle(element).position === "fixed") return null;
    let box = element.parentElement;
    while (box && box !== body && getComputedStyle(box).position === "static") {
      box = box.parentElement;
    }
    return box;
  };
  const clipped = (element) => {
    let box = escapes(element) ? containingBlock(element) : element.parentElement;
    for (; box && box !== body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible" && right(box) <= limit) return true;
    }
    return false;
  };
  for (const element of body.querySelectorAll("*")) {
    const parent = element.parentElement;
    if (right(element) > limit && !clipped(element)
        && (parent === body || right(parent) <= limit || escapes(element))) {
      const how = escapes(element) ? ", positioned absolutely" : "";
      culprits.push(
        `${describe(parent)} > ${describe(element)} (${Math.round(right(element))} px${how})`);
    }
  }
  return {
    viewport: window.innerWidth,
    document: document.documentElement.scrollWidth,
    body: body.scrollWidth,
    culprits: culprits.slice(0, 5),
  };
}"""


def wider_than_viewport(measured: dict) -> bool:
    return max(measured["document"], measured["body"]) > measured["viewport"]


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_no_page_is_wider_than_the_viewport(
    role, browser, live_server, settings, tmp_path, page_check
):
    people, objects = demo_world(settings, tmp_path)
    found = role_pages(role, people, objects)
    for width in SCREENSHOT_WIDTHS:
        shutil.rmtree(LAYOUT_ARTIFACTS / str(width) / role, ignore_errors=True)
    width, height = VIEWPORTS[0]
    context = browser_context(
        browser,
        live_server.url,
        client_for(role, people),
        "sv",
        viewport={"width": width, "height": height},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems, visits = list(found.problems), 0
    for listed in found.pages:
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto(live_server.url + listed.url)
        if response.status != listed.status:
            problems.append(f"{listed.url}: answered {response.status}, not {listed.status}")
            continue
        for viewport_width, viewport_height in VIEWPORTS:
            page.set_viewport_size({"width": viewport_width, "height": viewport_height})
            measured = page.evaluate(MEASURE)
            visits += 1
            if wider_than_viewport(measured):
                problems.append(
                    f"{listed.url} at {viewport_width} px: document {measured['document']} px, "
                    f"body {measured['body']} px; sticking out: {measured['culprits']}"
                )
            if viewport_width in SCREENSHOT_WIDTHS:
                path = LAYOUT_ARTIFACTS / str(viewport_width) / role / f"{listed.slug}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(path), full_page=True)
    context.close()
    wide = sum(1 for problem in problems if " px: document " in problem)
    widths = "/".join(str(viewport[0]) for viewport in VIEWPORTS)
    page_check(
        f"layout at {widths} px",
        role,
        [listed.name for listed in found.pages],
        visits,
        wide,
        "wider than the viewport",
    )
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n".join(problems)
