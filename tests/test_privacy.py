"""Personal data: masking free text, flagging PII columns, keeping them out of shared outputs."""

from __future__ import annotations

import pandas as pd
import pytest

from personakit import Survey
from personakit._errors import PersonakitError
from personakit.codebook import build_survey
from personakit.privacy import (
    PII_KINDS,
    find_pii,
    mask_pii,
    name_variants,
    pii_column_kind,
    respondent_names,
)
from tests.test_codebook import col, make_raw


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail jane.doe+test@mail.example.co.uk today", "mail [EMAIL] today"),
        ("call me on +44 20 7946 0958 or (555) 010-4477", "call me on [PHONE] or [PHONE]"),
        ("reset link https://app.example.com/reset?token=abc123", "reset link [URL]"),
        ("see https://example.com/pricing for plans", "see https://example.com/pricing for plans"),
        (
            "my invite https://acme.io/i/9f8a7b6c5d4e3f2a1b0c9d8e",
            "my invite [URL]",
        ),
        ("from 203.0.113.42 at home", "from [IP] at home"),
        ("near 51.50735, -0.12776 I think", "near [LOCATION] I think"),
        ("It cost $1,200 in 2023, about 40% more", "It cost $1,200 in 2023, about 40% more"),
        ("we met on 12/03/2024 and 2024-03-12", "we met on 12/03/2024 and 2024-03-12"),
        ("we tried it in 2019 2020 2021", "we tried it in 2019 2020 2021"),
        ("version 3.10.2 broke it", "version 3.10.2 broke it"),
    ],
)
def test_mask_pii_masks_personal_data_and_nothing_else(text, masked):
    assert mask_pii(text) == masked


def test_names_whole_words_and_everyday_words_only_when_capitalised():
    names = ["Priya", "Will", "O'Brien", "Grace"]
    assert mask_pii("ask priya or PRIYA", names=names) == "ask [NAME] or [NAME]"
    assert mask_pii("Priyanka is someone else", names=names) == "Priyanka is someone else"
    assert mask_pii("I will ask Will", names=names) == "I will ask [NAME]"
    assert mask_pii("by the grace of Grace", names=names) == "by the grace of [NAME]"
    assert mask_pii("Mr O'Brien said", names=names) == "Mr [NAME] said"
    assert mask_pii("a", names=["a"]) == "a"


@pytest.mark.parametrize(
    "number", ["07700 900437", "0161 4960123", "+1 555 0104477", "0800 12345678", "+49 30 12345678"]
)
def test_phone_numbers_with_a_long_group_are_masked(number):
    assert mask_pii(f"ring me on {number} today") == "ring me on [PHONE] today"
    assert find_pii(number)["kind"].tolist() == ["phone"]


def test_everyday_word_surnames_are_masked_where_they_read_as_names():
    names = name_variants(["Anna Price", "Grace Young", "Tom Little"])
    assert names == sorted(
        ["Anna", "Anna Price", "Price", "Grace", "Grace Young", "Young", "Tom", "Tom Little"]
        + ["Little"]
    )
    # the reported false positive: the word at the start of a sentence stays
    assert mask_pii("Price, honestly.", names=names) == "Price, honestly."
    assert mask_pii("A little pricey. Young teams love it", names=names) == (
        "A little pricey. Young teams love it"
    )
    # after a first name, a title or an initial, or anywhere inside a sentence: a name
    assert mask_pii("Anna Price and Mr. Price, Dr Young, A. Little", names=names) == (
        "[NAME] and Mr. [NAME], Dr [NAME], A. [NAME]"
    )
    assert mask_pii("I asked Price. Then Young.", names=names) == "I asked [NAME]. Then [NAME]."
    assert mask_pii("Hi.\nPrice was fine", names=names) == "Hi.\nPrice was fine"
    # first names that are words stay masked whenever capitalised, as before
    assert mask_pii("Grace said so. Anna too", names=names) == "[NAME] said so. [NAME] too"
    # in the writer's own answer the word is masked even at the start of a sentence
    answers = pd.Series(["Price, honestly.", "Price, honestly."], index=["r1", "r2"])
    masked = mask_pii(answers, names=names, own_names={"r1": ["Anna", "Price"]})
    assert masked.tolist() == ["[NAME], honestly.", "Price, honestly."]
    assert mask_pii("Little, but Tom!", own_names="Tom Little") == "[NAME], but [NAME]!"
    with pytest.raises(PersonakitError, match="own_names holds \\['Price'\\] \\(list\\)"):
        mask_pii("Price, honestly.", own_names=[["Price"]])
    with pytest.raises(PersonakitError, match="own_names is a dict.*values is a str"):
        mask_pii("Price, honestly.", own_names={"r1": ["Price"]})


def test_name_variants_skips_connectors_acronyms_and_blanks():
    assert name_variants(["Sam from Acme", "Dana (PM)", "Anna van Dijk", None, " ", "J"]) == [
        "Acme",
        "Anna",
        "Anna van Dijk",
        "Dana",
        "Dana (PM)",
        "Dijk",
        "Sam",
        "Sam from Acme",
    ]
    assert name_variants(["JOSÉ MÜLLER"]) == ["JOSÉ", "JOSÉ MÜLLER", "MÜLLER"]


def test_respondent_names_reads_the_name_columns():
    survey = _survey_with_pii()
    assert respondent_names(survey) == {"R_1": ["Priya", "Raman"], "R_2": ["Marcus", "Webb"]}
    table = pd.DataFrame(
        {
            "contact_name": ["Lopez, Maria", "ana@x.org", "Bo"],
            "why": ["Price, honestly.", "x", "y"],
        },
        index=["a", "b", "c"],
    )
    codebook = pd.DataFrame(
        {"variable": ["contact_name", "why"], "kind": ["text", "text"], "pii": [True, False]}
    )
    assert respondent_names(Survey(table, codebook)) == {"a": ["Lopez Maria"], "c": ["Bo"]}


def test_mask_pii_keeps_types_and_does_not_modify_the_input():
    series = pd.Series(["write to a@b.org", None, 3.5, ""], index=["x", "y", "z", "w"])
    before = series.copy()
    out = mask_pii(series)
    pd.testing.assert_series_equal(series, before)
    assert out.tolist()[0] == "write to [EMAIL]" and out.index.tolist() == ["x", "y", "z", "w"]
    assert out.iloc[1] is None and out.iloc[2] == 3.5
    values = ["a@b.org", None]
    assert mask_pii(values) == ["[EMAIL]", None] and values == ["a@b.org", None]
    assert mask_pii(("a@b.org",)) == ("[EMAIL]",)
    assert mask_pii(None) is None


def test_find_pii_lists_each_finding():
    found = find_pii(pd.Series(["x", "ring 0161 496 0000, or a@b.org"], index=["r1", "r2"]))
    assert found[["index", "kind", "text"]].values.tolist() == [
        ["r2", "phone", "0161 496 0000"],
        ["r2", "email", "a@b.org"],
    ]
    assert set(found["kind"]) <= set(PII_KINDS)
    assert find_pii("nothing here").empty


@pytest.mark.parametrize(
    ("header", "question", "kind"),
    [
        ("RecipientEmail", "", "email"),
        ("Email Address", "", "email"),
        ("Q40", "Leave your e-mail if we may contact you", "email"),
        ("RecipientFirstName", "", "name"),
        ("First Name", "", "name"),
        ("Name", "", "name"),
        ("IPAddress", "", "ip"),
        ("IP Address", "", "ip"),
        ("LocationLatitude", "", "location"),
        ("LocationLongitude", "", "location"),
        ("Mobile number", "", "phone"),
        ("ExternalReference", "", "reference"),
        ("Custom Data 1", "", "reference"),
        ("Network ID", "", "reference"),
        ("Zip code", "", "address"),
        ("Company name", "", None),
        ("User Agent", "", None),
        ("Respondent ID", "", None),
        ("Collector ID", "", None),
        ("uses_sms", "", None),
        ("Q7", "What is your role?", None),
    ],
)
def test_pii_column_kind_by_header(header, question, kind):
    assert pii_column_kind(header, question)[0] == kind


def test_pii_column_kind_by_content():
    kind, reason = pii_column_kind("Q9", "Anything else?", ["ana@x.org", "bo@y.com", "fine"])
    assert kind == "email" and "2 of 3 checked" in reason
    assert pii_column_kind("contact", "", ["+1 415 555 0134", "020 7946 0958"])[0] == "phone"
    assert pii_column_kind("host", "", ["10.0.0.1", "192.168.2.4"])[0] == "ip"
    assert pii_column_kind("Q9", "Why?", ["price", "speed", "ana@x.org"])[0] is None


def _survey_with_pii(**kw) -> Survey:
    raw = make_raw(
        col("ResponseId", ["R_1", "R_2", "R_3"], hint="id"),
        col("RecipientFirstName", ["Priya", "Marcus", "Anonymous"], hint="pii"),
        col("RecipientLastName", ["Raman", "Webb", None], hint="pii"),
        col("RecipientEmail", ["priya@ex.org", "marcus@ex.org", None], hint="pii"),
        col("LocationLatitude", ["51.50735", "48.85661", None], hint="pii"),
        col(
            "Q9",
            [
                "Priya here - email me at priya@ex.org or call 07700 900123",
                "Webb: the reset link https://app.ex.org/r?t=8f7e6d5c was broken",
                "<script>alert(1)</script> no issues",
            ],
            question="What almost stopped you from signing up?",
            hint="text",
        ),
        col("Q10", ["Yes", "No", "Yes"], question="Would you buy again?"),
    )
    return build_survey(raw, **kw)


def test_pii_columns_flagged_and_dropped_from_shared_responses():
    survey = _survey_with_pii()
    assert survey.pii_variables == [
        "RecipientFirstName",
        "RecipientLastName",
        "RecipientEmail",
        "LocationLatitude",
    ]
    assert survey.metadata["pii_kinds"]["RecipientEmail"] == "email"
    shared = survey.shareable_responses()
    assert not set(survey.pii_variables) & set(shared.columns)
    assert shared.loc["R_1", "Q9"] == "[NAME] here - email me at [EMAIL] or call [PHONE]"
    assert shared.loc["R_2", "Q9"] == "[NAME]: the reset link [URL] was broken"
    # the raw responses are untouched: the researcher keeps the data
    assert survey.responses.loc["R_1", "Q9"].startswith("Priya here")
    text = shared.to_csv()
    for secret in ("priya@ex.org", "07700", "Raman", "Marcus", "51.50735", "8f7e6d5c"):
        assert secret not in text


def test_keep_pii_is_an_explicit_opt_in():
    survey = _survey_with_pii()
    kept = survey.shareable_responses(keep_pii=True)
    assert "RecipientEmail" in kept.columns and kept.loc["R_1", "Q9"].startswith("Priya here")
    opted = _survey_with_pii(keep_pii=True)
    assert opted.keep_pii and "RecipientEmail" in opted.shareable_responses().columns
    assert "RecipientEmail" not in opted.shareable_responses(keep_pii=False).columns


def test_open_answers_are_masked_by_default():
    survey = _survey_with_pii()
    answers = survey.open_answers()
    assert list(answers.columns) == ["respondent_id", "variable", "question", "text"]
    assert answers["variable"].unique().tolist() == ["Q9"]
    assert answers["question"].iloc[0] == "What almost stopped you from signing up?"
    assert "priya@ex.org" not in " ".join(answers["text"])
    raw = survey.open_answers(masked=False)
    assert raw["text"].iloc[0].startswith("Priya here - email me at priya@ex.org")
    with pytest.raises(Exception, match="'Q10' is nominal, not text"):
        survey.open_answers("Q10")
    with pytest.raises(Exception, match="'Q99' is not a variable"):
        survey.open_answers(["Q99"])


def test_content_detection_flags_an_unlabelled_email_column():
    raw = make_raw(
        col("id", ["1", "2", "3"], hint="id"),
        col("Q3", ["ana@x.org", "bo@y.com", "cy@z.net"], question="Contact"),
        col("Q4", ["a", "b", "a"], question="Pick one"),
        id_column="id",
    )
    cb = build_survey(raw).codebook.set_index("variable")
    assert cb.loc["Q3", "pii"] and not cb.loc["Q3", "include"]
    assert "email" in cb.loc["Q3", "kind_reason"]
    assert not cb.loc["Q4", "pii"]


def test_html_summary_escapes_user_text():
    raw = make_raw(
        col("id", ["1", "2"], hint="id"),
        col("Q1", ["<b>x</b>", "y"], question='<script>alert("q")</script>'),
        id_column="id",
        detection_reason='"><img src=x onerror=alert(1)>',
        notes=["<script>alert(1)</script> in a note"],
    )
    survey = build_survey(raw)
    html = survey._repr_html_()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; in a note" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
