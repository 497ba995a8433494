"""Events: one per dated statement, in a total order on partial dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from timeline.events import build_events, make_title, order, order_key
from timeline.lang import load
from timeline.model import Article
from timeline.pipeline import process
from timeline.text import sentence_spans

SEED = Path(__file__).parent.parent / "seeds" / "000_b8def699f72820c2.txt"


def seed_result():
    text = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    return process(Article(id="seed", text=text, lang="ar", published=date(2022, 12, 30)))


def test_seed_event_order_matches_the_story():
    result = seed_result()
    expressions = [result.timexes[e.timex].mention.text for e in result.events]
    wanted = [
        "شباط/ فبراير الماضي",
        "أيلول/ سبتمبر الماضي",
        "تشرين الأول/ أكتوبر الماضي",
        "الشهر الماضي",
        "هذا الأسبوع",
        "اليوم الجمعة",
        "العام المقبل",
        "الربيع المقبل",
    ]
    ranks = [next(i for i, e in enumerate(expressions) if e.endswith(w)) for w in wanted]
    assert ranks == sorted(ranks)


def test_same_value_in_one_sentence_is_one_event_and_the_dateline_none():
    result = seed_result()
    lead = min(e.start for e in result.events)
    first_sentence = [e for e in result.events if e.start == lead]
    # the lead starts after the dateline ("٣٠ ديسمبر ٢٠٢٢دعا ...")
    assert result.timexes[0].mention.end == lead
    assert all(e.text.startswith("دعا الرئيس الروسي") for e in first_sentence)
    values = sorted(e.value.value for e in first_sentence)
    assert values == ["2022-12-30", "2023"]
    today = next(e for e in first_sentence if e.value.value == "2022-12-30")
    # the dateline (index 0) is not the event's expression; the two others are
    assert today.expressions == (1, 2)
    assert result.timexes[today.timex].mention.text == "اليوم الجمعة"


def test_status_and_attribution():
    result = seed_result()
    by_value = {e.value.value: e for e in result.events}
    assert by_value["2023-SP"].status == "planned"
    assert by_value["2022-09"].status == "happened"
    assert by_value["2022-W52"].status == "ongoing"
    assert by_value["2023-SP"].attribution == "وكالة أنباء سبوتنيك الروسية"
    assert by_value["2022-09"].attribution == "وكالة أنباء بلومبرغ"


def test_vague_references_come_last():
    result = seed_result()
    assert result.events[-1].value.value == "PAST_REF"
    assert not result.events[-1].value.is_placed


def test_order_is_total_and_coarser_first_on_the_same_start():
    text = (
        "The plan starts in 2023. The first phase begins on January 1, 2023. "
        "Hiring picks up in January 2023."
    )
    article = Article(id="a", text=text, lang="en", published=date(2022, 12, 30))
    result = process(article)
    assert [e.value.value for e in result.events] == ["2023", "2023-01", "2023-01-01"]
    shuffled = list(reversed(result.events))
    assert order(shuffled) == list(result.events)
    assert len({order_key(e) for e in result.events}) == len(result.events)


def test_events_are_deterministic():
    a, b = seed_result(), seed_result()
    assert [(e.id, e.title) for e in a.events] == [(e.id, e.title) for e in b.events]
    assert len({e.id for e in a.events}) == len(a.events)


def test_build_events_without_timexes():
    article = Article(id="x", text="Nothing dated here.", lang="en", published=date(2022, 1, 1))
    assert build_events(article, []) == []


def test_titles_cut_at_a_word_boundary():
    sentence = "word " * 60
    title = make_title(sentence)
    assert len(title) <= 120 and title.endswith("…") and "wor…" not in title
    assert make_title("  short   sentence ") == "short sentence"


def test_english_sentences_keep_abbreviations():
    lex = load("en")
    text = "The U.S. envoy met Mr. Smith on Dec. 30. Talks went on. Prices rose 3.5 percent."
    spans = sentence_spans(text, lex.sentence_end, lex.abbreviations, lex.folder)
    assert [text[s:e] for s, e in spans] == [
        "The U.S. envoy met Mr. Smith on Dec. 30.",
        "Talks went on.",
        "Prices rose 3.5 percent.",
    ]


def test_arabic_sentences():
    lex = load("ar")
    text = "قال الوزير ذلك أمس. هل يعود غدا؟ نعم!\nسطر جديد"
    spans = sentence_spans(text, lex.sentence_end, lex.abbreviations, lex.folder)
    assert [text[s:e] for s, e in spans] == [
        "قال الوزير ذلك أمس.",
        "هل يعود غدا؟",
        "نعم!",
        "سطر جديد",
    ]
