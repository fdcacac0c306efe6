"""Cleaning: furniture removed with a reason, captions marked, offsets kept."""

from __future__ import annotations

import pytest

from attache.stages.clean import boilerplate_reason, clean, is_caption, normalise_chars


@pytest.mark.parametrize(
    ("paragraph", "reason"),
    [
        ("Leave a Reply", "comment form"),
        ("Your email address will not be published. Required fields are marked *",
         "comment form"),
        ("Share this article", "share bar"),
        ("Facebook Twitter Email", "share bar"),
        ("Subscribe to our newsletter for the latest news", "subscribe prompt"),
        ("Read more: China and Kazakhstan sign deal", "related links"),
        ("Copyright 2023 Xinhua. All rights reserved.", "copyright line"),
        ("China and Kazakhstan signed a deal on Monday, officials said.", None),
        ("Ding said the two sides would share the results of the talks.", None),
    ],
)
def test_boilerplate_reason(paragraph: str, reason: str | None) -> None:
    assert boilerplate_reason(paragraph) == reason


@pytest.mark.parametrize(
    ("paragraph", "caption"),
    [
        ("(Cover: This aerial photo taken on April 28, 2023 shows a train. /Xinhua)", True),
        ("Photo: Kazakh President Tokayev in Astana.", True),
        ("Ding met Tokayev in Astana on Monday.", False),
    ],
)
def test_captions(paragraph: str, caption: bool) -> None:
    assert is_caption(paragraph) is caption


def test_normalise_keeps_length_for_quotes_and_maps_deletions() -> None:
    text, _ = normalise_chars("Kazakhstan\u2019s \u201cgreat leaps\u201d")
    assert text == "Kazakhstan's \"great leaps\""
    cleaned = clean("A\u200b\u200bB said.\n\nLeave a Reply\n\nC met D.")
    assert cleaned.text == "AB said.\n\nC met D."
    original = "A\u200b\u200bB said.\n\nLeave a Reply\n\n"
    assert cleaned.offsets.to_original(cleaned.text.index("C met")) == len(original)


def test_removed_text_is_recorded_and_captions_point_into_text() -> None:
    raw = "Body one.\n\n(Photo: a caption /Xinhua)\n\nLeave a Reply\n\nBody two."
    cleaned = clean(raw)
    assert [r.reason for r in cleaned.removed] == ["comment form"]
    (caption,) = cleaned.captions
    assert cleaned.text[caption.start: caption.end] == "(Photo: a caption /Xinhua)"
