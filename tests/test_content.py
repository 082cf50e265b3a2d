"""Content inventories: reading them, and coverage of a journey map's stage × persona cells."""

from __future__ import annotations

import hashlib
import html.parser

import openpyxl
import pandas as pd
import pytest

from personakit import (
    Journey,
    JourneyError,
    JourneyMap,
    PersonakitWarning,
    Stage,
    read_content_inventory,
)
from personakit.journey import example_evidence, example_map, stage_needs
from personakit.journey._content import classify_content

INVENTORY = (
    "Asset ID,Asset name,Content type,Journey stage,Audience,Tags,Owner\n"
    "C01,Meal kits 101,Blog post,Awareness,all,education; beginners,Mia\n"
    '"C02","Plans compared: small, family, veggie",Comparison page,consideration,Busy parent,,Mia\n'
    "C03,How the Jones family saves 5 hours a week,Case study,Consideration,P1,,Tom\n"
    "C04,First box discount,Landing page,decision,Bargain hunter,,Tom\n"
    "C05,Delivery fees explained,FAQ,decision,all,,Ana\n"
    "C06,Welcome to your first box,Onboarding email,Retention | Awareness,all,,Ana\n"
    "C07,Refer a friend,Referral program,advocacy,2,,Ana\n"
    "\n"
    "C08,Summer recipes,Newsletter,retention,1,,Mia\n"
)


def _write(tmp_path, text, name="content.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_read_csv_with_loose_column_names(tmp_path):
    path = _write(tmp_path, INVENTORY)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    inv = read_content_inventory(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # never modified
    assert inv["asset_id"].tolist() == [f"C0{i}" for i in range(1, 9)]
    assert inv.loc[1, "title"] == "Plans compared: small, family, veggie"
    assert inv["category"].tolist() == [
        "educational",
        "comparison",
        "case_study",
        "call_to_action",
        "reassurance",
        "onboarding",
        "advocacy",
        "engagement",
    ]
    assert inv.loc[5, "stages"] == ["Retention", "Awareness"]
    assert inv.loc[0, "personas"] == ["all"] and inv.loc[2, "personas"] == ["P1"]
    assert inv.loc[0, "tags"] == ["education", "beginners"]
    assert inv["row"].tolist() == [2, 3, 4, 5, 6, 7, 8, 10]  # the blank line is skipped
    assert inv.loc[0, "Owner"] == "Mia"  # other columns are kept
    assert inv.attrs["columns_used"]["type"] == "Content type"
    # a title can add kinds: the FAQ about delivery fees also reassures
    assert inv.loc[4, "categories"] == ["reassurance"]
    assert inv.loc[3, "categories"] == ["call_to_action"]
    assert inv.loc[2, "category_reason"] == "type 'Case study' mentions 'case study'"


def test_read_bom_semicolon_tsv_and_cp1252(tmp_path):
    bom = _write(tmp_path, "\ufefftitle;type;stage\nA;Blog;awareness\n", "bom.csv")
    assert read_content_inventory(bom)["title"].tolist() == ["A"]
    tsv = _write(tmp_path, "title\ttype\tstage\nA, B\tBlog\tawareness\n", "inv.tsv")
    assert read_content_inventory(tsv)["title"].tolist() == ["A, B"]
    legacy = _write(tmp_path, "title,type,stage\nCafé guide,Blog,awareness\n", "old.csv", "cp1252")
    with pytest.warns(PersonakitWarning, match=r"not valid UTF-8; read as Windows-1252"):
        assert read_content_inventory(legacy)["title"].tolist() == ["Café guide"]


def test_read_xlsx(tmp_path):
    path = tmp_path / "content.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Title", "Format", "Funnel stage", "Persona"])
    sheet.append(["Checklist for new parents", "Checklist", "awareness", "1"])
    sheet.append(["Customer reviews", "Testimonials", "consideration", "all"])
    book.save(path)
    inv = read_content_inventory(path)
    assert inv[["title", "category"]].values.tolist() == [
        ["Checklist for new parents", "educational"],
        ["Customer reviews", "testimonial"],
    ]
    book.create_sheet("Notes")
    book.save(path)
    with pytest.raises(
        JourneyError, match=r"content.xlsx: the workbook has 2 sheets \['Sheet', 'Notes'\]"
    ):
        read_content_inventory(path)
    assert len(read_content_inventory(path, sheet="Sheet")) == 2
    with pytest.raises(JourneyError, match=r"no sheet 'Assets'"):
        read_content_inventory(path, sheet="Assets")


@pytest.mark.parametrize(
    ("content", "name", "match"),
    [
        ("", "empty.csv", r"empty.csv: the file is empty"),
        (
            "title,kind,stage\n",
            "header.csv",
            r"header.csv: the inventory has a header but no assets",
        ),
        (
            "name,format\nA,Blog\n",
            "nostage.csv",
            r"no column for \['stage'\]; the columns are \['name', 'format'\]",
        ),
        (
            "title,type,stage\nA,Blog,awareness\n,Blog,awareness\n",
            "t.csv",
            r"t.csv, row 3: title \(column 'title'\) is empty",
        ),
        (
            "title,type,stage\nA,,awareness\n",
            "t.csv",
            r"row 2: type \(column 'type'\) is empty; give its type",
        ),
        (
            "title,type,stage\nA,Blog,\n",
            "t.csv",
            r"row 2: stage \(column 'stage'\) is empty; give the stage\(s\) it serves, or 'all'",
        ),
        (
            "id,title,type,stage\nX,A,Blog,awareness\nX,B,Blog,awareness\n",
            "t.csv",
            r"row 3: asset id 'X' repeats row 2",
        ),
        (
            "title,type,stage\nA,Blog,awareness,extra\n",
            "t.csv",
            r"t.csv, line 2: 4 fields but the header has 3",
        ),
        ("title,type,stage\n", "t.pdf", r"must be a .csv, .tsv or .xlsx file"),
    ],
)
def test_bad_inventories(tmp_path, content, name, match):
    with pytest.raises(JourneyError, match=match):
        read_content_inventory(_write(tmp_path, content, name))


def test_missing_binary_folder_and_corrupt_xlsx(tmp_path):
    with pytest.raises(JourneyError, match=r"no such file"):
        read_content_inventory(tmp_path / "nope.csv")
    with pytest.raises(JourneyError, match=r"is a folder"):
        read_content_inventory(tmp_path)
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02title")
    with pytest.raises(JourneyError, match=r"bin.csv: this is not a text file"):
        read_content_inventory(tmp_path / "bin.csv")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(
        JourneyError, match=r"broken.xlsx: could not be opened as an Excel workbook"
    ):
        read_content_inventory(tmp_path / "broken.xlsx")


@pytest.mark.parametrize(
    ("type_", "title", "expected"),
    [
        ("Setup guide", "", "onboarding"),
        ("Buyer's guide", "", "comparison"),
        ("Customer story video", "", "case_study"),
        ("Review request email", "", "feedback"),
        ("Product reviews", "", "testimonial"),
        ("Email", "Acme vs. Globex: an honest comparison", "comparison"),
        ("Pricing page", "", "call_to_action"),
        ("Money-back guarantee", "", "reassurance"),
        ("Help center article", "", "support"),
        ("Release notes", "", "engagement"),
        ("Hologram", "Untitled", "other"),
    ],
)
def test_classify_content(type_, title, expected):
    assert classify_content(type_, title)[0] == expected


def test_stage_needs_builtin_and_custom():
    needs = stage_needs(Journey("b2b_buying"))
    assert needs["awareness"] == ("educational",)
    assert needs["choosing"] == ("comparison", "case_study", "testimonial")
    assert needs["purchasing"] == ("call_to_action", "reassurance")
    assert needs["post_purchase"] == ("onboarding", "support", "feedback")
    custom = Journey(
        [Stage("look"), Stage("trial", content_preferences=["Product tour", "FAQ"]), Stage("stay")]
    )
    assert stage_needs(custom) == {
        "look": ("educational",),
        "trial": ("demo", "reassurance"),
        "stay": ("advocacy", "feedback"),
    }


def test_coverage_matrix_gaps_and_mismatches(tmp_path):
    jm = example_map()
    cov = jm.content_coverage(_write(tmp_path, INVENTORY))
    m = cov.matrix
    assert list(m.index) == jm.stage_names
    assert list(m.columns) == ["Busy parent", "Bargain hunter"]
    assert m.loc["awareness"].tolist() == [2, 2]  # C01 and C06, both for everyone
    assert m.loc["consideration"].tolist() == [2, 0]
    assert m.loc["decision"].tolist() == [1, 2]
    assert m.loc["retention"].tolist() == [2, 1]
    assert m.loc["advocacy"].tolist() == [0, 1]
    assert sorted(map(tuple, cov.gaps[["stage", "persona"]].values.tolist())) == [
        ("advocacy", 1),
        ("consideration", 2),
    ]
    assert cov.gaps.set_index("stage").loc["consideration", "needed"] == (
        "comparisons, case studies, testimonials"
    )
    mism = cov.mismatches.set_index(["stage", "persona"])
    # consideration for persona 1 has comparisons and case studies but no testimonials
    assert mism.loc[("consideration", 1), "kind"] == "missing_kind"
    assert mism.loc[("consideration", 1), "missing"] == "testimonials"
    # decision for persona 1 has reassurance but no call to action
    assert mism.loc[("decision", 1), "missing"] == "clear calls to action"
    assert ("decision", 2) not in mism.index  # landing page + FAQ: both needed kinds
    # retention for persona 1: onboarding but no support or feedback requests
    assert mism.loc[("retention", 1), "kind"] == "missing_kind"
    # the onboarding email is also tagged awareness, where it does not belong
    assert cov.misplaced[["asset_id", "stage", "usually_at"]].values.tolist() == [
        ["C06", "awareness", "retention"]
    ]
    assert cov.summary == {
        "assets": 8,
        "cells": 10,
        "covered_cells": 8,
        "gaps": 2,
        "wrong_kind": 0,
        "missing_kind": 5,
        "misplaced_assets": 1,
        "unmatched_tags": 0,
    }
    assert "2 gaps" in repr(cov)


def test_wrong_kind_of_content():
    inv = pd.DataFrame(
        {"title": ["Blog A", "Blog B"], "type": ["Blog post"] * 2, "stage": ["decision"] * 2}
    )
    cov = example_map().content_coverage(inv)
    wrong = cov.mismatches[cov.mismatches["kind"] == "wrong_kind"]
    assert len(wrong) == 2
    assert wrong.iloc[0]["detail"] == (
        "Decision usually needs clear calls to action, reassurance (FAQ, guarantees, terms); "
        "this cell has only educational content ×2."
    )


def test_unknown_tags_raise_or_are_reported():
    inv = pd.DataFrame(
        {
            "title": ["A", "B", "C"],
            "type": ["Blog post"] * 3,
            "stage": ["awareness", "onboarding", "awareness"],
            "persona": ["all", "all", "Persona 7"],
        }
    )
    with pytest.raises(
        JourneyError,
        match=r"2 tag\(s\) name no stage or persona of this map: row 3 \('B'\): stage 'onboarding'; row 4 \('C'\): persona 'Persona 7'",
    ):
        example_map().content_coverage(inv)
    cov = example_map().content_coverage(inv, unknown="report")
    assert cov.unmatched[["tag", "value"]].values.tolist() == [
        ["stage", "onboarding"],
        ["persona", "Persona 7"],
    ]
    assert cov.matrix.loc["awareness"].tolist() == [1, 1]
    with pytest.raises(JourneyError, match=r"unknown must be 'raise' or 'report'"):
        example_map().content_coverage(inv, unknown="ignore")
    with pytest.raises(JourneyError, match=r"inventory: give the DataFrame"):
        example_map().content_coverage(42)


def test_persona_map_for_differently_named_tags():
    inv = pd.DataFrame(
        {
            "title": ["A", "B"],
            "type": ["Blog post"] * 2,
            "stage": ["awareness"] * 2,
            "persona": ["Young families", "Deal seekers"],
        }
    )
    cov = example_map().content_coverage(
        inv, persona_map={"young families": 1, "Deal seekers": "2"}
    )
    assert cov.matrix.loc["awareness"].tolist() == [1, 1]
    with pytest.raises(JourneyError, match=r"persona_map: 'x' points to persona 7"):
        example_map().content_coverage(inv, persona_map={"x": 7})


def test_stage_tags_follow_renamed_stages():
    journey = Journey("b2c", name="Shop").rename({"decision": "purchase"})
    jm = JourneyMap.build(journey, None, example_evidence())
    inv = pd.DataFrame({"title": ["FAQ"], "type": ["FAQ"], "stage": ["decision"]})
    assert jm.content_coverage(inv).matrix.loc["purchase"].tolist() == [1, 1]


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.data = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.data.append(data)


def test_exports_escape_user_text():
    inv = pd.DataFrame(
        {
            "title": ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'],
            "type": ["Onboarding email", "Blog | post"],
            "stage": ["awareness", "decision"],
            "persona": ["1", "2"],
        }
    )
    cov = example_map().content_coverage(inv)
    parser = _Tags()
    parser.feed(cov._repr_html_())
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "<script>alert(1)</script>" in "".join(parser.data)
    md = cov.to_markdown()
    assert "<script>" not in md and "&lt;script&gt;" in md and "Blog \\| post" in md
    data = cov.to_dict()
    assert data["summary"]["gaps"] == 8
    assert data["misplaced"][0]["title"] == "<script>alert(1)</script>"
