"""The chat page in headless Chromium: ask, read the answer, open a citation, rate it."""

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from .helpers import Q_FOUND

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
OUT = Path(__file__).resolve().parents[1] / "out"


@pytest.fixture
def driver():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        reason = f"headless Chromium not installed ({CHROMIUM}, {CHROMEDRIVER}): apt-get install chromium chromium-driver"
        print(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1400"):
        options.add_argument(arg)
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = CHROMIUM
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_ask_open_citation_and_rate(driver, server, assistant):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 90)
    driver.get(server.url + "/")
    box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
    box.send_keys(Q_FOUND)
    box.send_keys(Keys.ENTER)

    citation = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#chatbot details.citation")))
    page = driver.find_element(By.ID, "chatbot").text
    first_line = assistant.ask(Q_FOUND).answer.strip().splitlines()[0]
    assert 0 <= page.index(first_line) < page.index("引用来源") < page.index("[1]")  # answer first, then sources
    assert citation.get_attribute("open") is None
    citation.find_element(By.TAG_NAME, "summary").click()
    wait.until(lambda d: citation.get_attribute("open") is not None)
    source = citation.find_element(By.CSS_SELECTOR, ".src")
    assert source.is_displayed() and source.text.strip()
    assert citation.find_elements(By.TAG_NAME, "mark"), "the cited text is not highlighted"
    assert "第" in citation.find_element(By.TAG_NAME, "summary").text  # the line span

    OUT.mkdir(parents=True, exist_ok=True)
    shot = OUT / "chat.png"
    driver.save_screenshot(str(shot))
    print(f"screenshot: {shot}")

    before = len(server.app.state.feedback.list(kinds=["up"]))
    driver.find_element(By.CSS_SELECTOR, "#chatbot button[aria-label='赞']").click()
    deadline = time.monotonic() + 30
    while len(server.app.state.feedback.list(kinds=["up"])) == before:
        assert time.monotonic() < deadline, "the 👍 was not stored"
        time.sleep(0.2)
    [record] = server.app.state.feedback.list(kinds=["up"], limit=1)
    assert record.question == Q_FOUND and record.source == "ui" and record.citations


def test_a_conversation_that_switches_district(driver, server, assistant):
    """Two questions in one chat: the second names another district and is answered from it alone, while
    a third, elliptical one goes on with the second's task."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    first, second, third = "兴化养老机构的消防整治谁来管？", "开州给独居老人装烟感报警器这项由哪些单位负责？", "那时限呢？"
    wait = WebDriverWait(driver, 90)
    driver.get(server.url + "/")
    for n, question in enumerate((first, second, third), start=1):
        box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
        box.send_keys(question)
        box.send_keys(Keys.ENTER)
        wait.until(lambda d, n=n: len(d.find_elements(By.CSS_SELECTOR, "#chatbot .message-row.bot-row, "
                                                                         "#chatbot [data-testid='bot']")) >= n)
        wait.until(lambda d, q=question: q in d.find_element(By.ID, "chatbot").text)
    wait.until(lambda d: "完成时限" in d.find_element(By.ID, "chatbot").text.split(third)[-1])
    page = driver.find_element(By.ID, "chatbot").text
    answer_1 = page.split(first)[1].split(second)[0]
    answer_2 = page.split(second)[1].split(third)[0]
    answer_3 = page.split(third)[1]
    assert "民政部门" in answer_1 and "兴化" in answer_1  # the first district's clause
    assert "乡镇（街道）" in answer_2 and "开州" in answer_2 and "兴化" not in answer_2.split("引用来源")[0]
    assert "持续推进" in answer_3 and "开州" in answer_3  # the deadline of the task the second answer gave
    OUT.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(OUT / "conversation.png"))


def _english_words(text: str) -> list[str]:
    """Words of Latin letters in visible text, beside the ones that are names (API, Excel, CSV, PDF …)."""
    import re

    allowed = {"API", "CSV", "Excel", "PDF", "Word", "docx", "pdf", "txt", "YYYY", "MM", "DD"}
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in allowed]


def test_the_login_page_is_chinese(driver, keyed_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(keyed_server.url + "/")
    WebDriverWait(driver, 60).until(lambda d: "登录" in d.find_element(By.TAG_NAME, "body").text)
    body = driver.find_element(By.TAG_NAME, "body").text
    assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
    assert "用户名" in body and "密码" in body and _english_words(body) == [], body
    OUT.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(OUT / "login.png"))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_is_chinese_and_the_question_box_in_view(driver, server, width):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver.set_window_size(width, 844)
    wait = WebDriverWait(driver, 90)
    driver.get(server.url + "/")
    box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
    box.send_keys(Q_FOUND)
    box.send_keys(Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#chatbot details.citation")))
    driver.execute_script("window.scrollTo(0, 0)")
    bottom = driver.execute_script("return document.querySelector('#question textarea').getBoundingClientRect().bottom")
    assert bottom <= driver.execute_script("return window.innerHeight"), "the question box is below the fold"
    assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
    OUT.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(OUT / f"chat-{width}.png"))
    visible = driver.find_element(By.TAG_NAME, "body").text.split("引用来源")[0]
    assert _english_words(visible) == [], visible[-500:]
    driver.find_element(By.XPATH, "//button[@role='tab' and contains(., '任务分解')]").click()
    wait.until(lambda d: "共" in d.find_element(By.TAG_NAME, "body").text and "条任务" in d.find_element(
        By.TAG_NAME, "body").text)
    header = driver.find_elements(By.CSS_SELECTOR, "#task-table th")
    assert header and "任务" in header[0].text  # a phone shows the task and its units first
    driver.save_screenshot(str(OUT / f"tasks-{width}.png"))
    driver.set_window_size(1280, 1400)
