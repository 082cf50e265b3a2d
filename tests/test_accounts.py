"""read_accounts: a top-accounts table becomes a Survey; small-n personas and overlap tables."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personakit import PersonakitError, SurveyFormatError
from personakit.io.accounts import MIN_ACCOUNTS, read_accounts
from personakit.personas import PersonaSet

GROUPS = {
    1: {
        "industry": ["Manufacturing", "Logistics"],
        "employees": (1000, 5000),
        "revenue": "$100M-$500M",
        "region": "EMEA",
        "role": ["Head of Operations", "VP Operations"],
        "seniority": ["VP", "Director"],
        "buying": "Decision maker",
        "goals": ["Reduce costs", "Automate reporting"],
        "challenges": ["Manual processes", "Legacy systems"],
        "channels": ["Email", "Events"],
    },
    2: {
        "industry": ["Healthcare", "Financial services"],
        "employees": (200, 999),
        "revenue": "$10M-$50M",
        "region": "North America",
        "role": ["IT Manager", "Security Lead"],
        "seniority": ["Manager"],
        "buying": "Evaluator",
        "goals": ["Improve compliance", "Protect customer data"],
        "challenges": ["Data security", "Integration with legacy EHR"],
        "channels": ["Webinars", "Email"],
    },
    3: {
        "industry": ["Software", "Retail"],
        "employees": (11, 199),
        "revenue": "<$10M",
        "region": "APAC",
        "role": ["Marketing Director", "Head of Growth"],
        "seniority": ["Director"],
        "buying": "Champion",
        "goals": ["Grow pipeline", "Improve attribution"],
        "challenges": ["Limited budget", "Small team"],
        "channels": ["LinkedIn", "Podcasts"],
    },
}
FIRST = ["Ana", "Bruno", "Chen", "Dana", "Emeka", "Fatima", "Goran", "Hana", "Ivan", "Julia"]
LAST = ["Silva", "Okafor", "Nakamura", "Schmidt", "Haddad", "Kowalski", "Moreau", "Patel"]


def make_accounts(n=30, seed=0, noise=0.15):
    """A top-accounts table with three planted groups; returns (table, group per row)."""
    rng = np.random.default_rng(seed)
    group = np.resize([1, 2, 3], n)
    rows = []
    for i, g in enumerate(group):
        spec = GROUPS[int(g)]
        other = GROUPS[int(rng.choice([k for k in GROUPS if k != g]))]

        def pick(key, spec=spec, other=other):
            return (other if rng.random() < noise else spec)[key]

        first, last = str(rng.choice(FIRST)), str(rng.choice(LAST))
        goals = list(pick("goals"))
        if rng.random() < 0.3:
            goals = goals[:1]
        employees = int(rng.integers(*pick("employees")))
        rows.append(
            {
                "Account": f"{rng.choice(['Nord', 'Blue', 'Apex', 'Vita'])} "
                f"{['Systems', 'Group', 'Labs', 'Health', 'Logistics'][i % 5]} {i + 1:02d}",
                "Industry": str(rng.choice(pick("industry"))),
                "Employees": f"{employees:,}",
                "Revenue band": pick("revenue") if i % 11 != 10 else "N/A",
                "Region": pick("region"),
                "Contact name": f"{first} {last}",
                "Contact email": f"{first.lower()}.{last.lower()}@example.com",
                "Contact role": str(rng.choice(pick("role"))),
                "Seniority": str(rng.choice(pick("seniority"))),
                "Buying role": pick("buying"),
                "Goals": "; ".join(goals),
                "Challenges": "; ".join(pick("challenges")),
                "Preferred channels": "; ".join(pick("channels")),
                "Notes": f"Met {first} at a trade fair; call {first} {last} on "
                f"+44 20 7946 {1000 + i:04d} about the pilot (account {i + 1}).",
            }
        )
    return pd.DataFrame(rows), pd.Series(group)


@pytest.fixture
def accounts_csv(tmp_path):
    table, group = make_accounts()
    path = tmp_path / "accounts.csv"
    table.to_csv(path, index=False)
    return path, table, group


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_accounts_table_becomes_a_survey_with_codebook(accounts_csv):
    path, table, _ = accounts_csv
    before = _sha(path)
    survey = read_accounts(path)
    assert _sha(path) == before  # the input file is never modified
    assert survey.source == "accounts" and survey.n_respondents == 30
    assert list(survey.responses.index) == table["Account"].tolist()
    assert survey.metadata["id_column"] == "Account"
    cb = survey.codebook.set_index("variable")
    expected = {
        "industry": ("nominal", "firmographic"),
        "employees": ("numeric", "firmographic"),
        "revenue_band": ("ordinal", "firmographic"),
        "region": ("nominal", "firmographic"),
        "contact_role": ("nominal", "demographic"),
        "seniority": ("ordinal", "demographic"),
        "buying_role": ("nominal", "decision_role"),
        "notes": ("text", None),
    }
    for variable, (kind, role) in expected.items():
        assert cb.loc[variable, "kind"] == kind, variable
        assert (cb.loc[variable, "role"] if pd.notna(cb.loc[variable, "role"]) else None) == role
    assert cb.loc["revenue_band", "levels"] == ["<$10M", "$10M-$50M", "$100M-$500M"]
    assert cb.loc["seniority", "levels"] == ["Manager", "Director", "VP"]
    assert survey.responses["revenue_band"].cat.ordered
    employees = survey.responses["employees"]
    assert employees.dtype == float
    assert employees.iloc[0] == float(table["Employees"].iloc[0].replace(",", ""))
    # personal data: flagged, kept out of analysis
    for variable in ("contact_name", "contact_email"):
        assert cb.loc[variable, "pii"] and not cb.loc[variable, "include"]
    # joined lists: one boolean column per option, with the role of the list
    channels = survey.variables(kind="multiselect", role="channel")
    assert {cb.loc[v, "sub_label"] for v in channels} == {
        "Email",
        "Events",
        "Webinars",
        "LinkedIn",
        "Podcasts",
    }
    email = survey.responses["preferred_channels__email"]
    assert email.tolist() == table["Preferred channels"].str.contains("Email").tolist()
    assert set(survey.variables(role="goal")) >= {"goals__reduce_costs", "goals__grow_pipeline"}
    assert all(cb.loc[v, "kind_reason"] for v in cb.index)
    # "N/A" is a missing value, with the reason kept
    na = table.index[table["Revenue band"] == "N/A"]
    assert survey.responses["revenue_band"].iloc[na].isna().all()
    assert len(survey.missing) == len(na) and set(survey.missing["value"]) == {"N/A"}
    assert "N/A" in cb.loc["revenue_band", "missing_codes"]


def test_xlsx_gives_the_same_survey(accounts_csv, tmp_path):
    path, table, _ = accounts_csv
    xlsx = tmp_path / "accounts.xlsx"
    table.to_excel(xlsx, index=False, sheet_name="Top accounts")
    from_csv = read_accounts(path)
    from_xlsx = read_accounts(xlsx)
    pd.testing.assert_frame_equal(from_csv.responses, from_xlsx.responses)
    cols = ["variable", "kind", "role", "pii", "include"]
    pd.testing.assert_frame_equal(from_csv.codebook[cols], from_xlsx.codebook[cols])


def test_fewer_than_ten_accounts_is_an_error(tmp_path):
    table, _ = make_accounts(n=MIN_ACCOUNTS - 1)
    path = tmp_path / "few.csv"
    table.to_csv(path, index=False)
    with pytest.raises(
        SurveyFormatError,
        match="few.csv: 9 account\\(s\\); need at least 10 accounts to form personas",
    ):
        read_accounts(path)
    table, _ = make_accounts(n=MIN_ACCOUNTS)
    table.to_csv(path, index=False)
    assert read_accounts(path).n_respondents == 10


def test_id_column_problems_name_the_lines(tmp_path):
    table, _ = make_accounts(n=12)
    table.loc[5, "Account"] = table.loc[2, "Account"]
    path = tmp_path / "dupes.csv"
    table.to_csv(path, index=False)
    with pytest.raises(SurveyFormatError, match="repeats '.*' \\(lines \\[4, 7\\]\\)"):
        read_accounts(path, id_column="Account")
    with pytest.raises(SurveyFormatError, match="id_column='Acount': dupes.csv has no such column"):
        read_accounts(path, id_column="Acount")
    # without id_column the repeated names are not used as ids: accounts are numbered
    survey = read_accounts(path)
    assert survey.responses.index[0] == "A01" and survey.metadata["id_column"] is None
    assert any("numbered A01" in note for note in survey.notes)


def test_overrides_and_their_errors(accounts_csv):
    path, _, _ = accounts_csv
    survey = read_accounts(
        path,
        roles={"Region": "demographic"},
        kinds={"Industry": "text", "Seniority": "nominal"},
        pii=["Notes"],
    )
    cb = survey.codebook.set_index("variable")
    assert cb.loc["region", "role"] == "demographic"
    assert (
        cb.loc["industry", "kind"] == "text" and cb.loc["industry", "kind_reason"] == "set by user"
    )
    assert cb.loc["seniority", "kind"] == "nominal"
    assert cb.loc["notes", "pii"]
    with pytest.raises(SurveyFormatError, match="roles=: accounts.csv has no column 'Regio'"):
        read_accounts(path, roles={"Regio": "firmographic"})
    with pytest.raises(SurveyFormatError, match="kinds=: 'date' for column 'Industry'"):
        read_accounts(path, kinds={"Industry": "date"})
    with pytest.raises(SurveyFormatError, match="holds 'Manufacturing|holds 'Logistics"):
        read_accounts(path, kinds={"Industry": "numeric"})
    with pytest.raises(SurveyFormatError, match="whose order is not known"):
        read_accounts(path, kinds={"Region": "ordinal"})


def test_bad_files_raise_survey_format_errors(tmp_path):
    with pytest.raises(SurveyFormatError, match="no such file"):
        read_accounts(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(SurveyFormatError, match="empty"):
        read_accounts(empty)
    only_ids = tmp_path / "ids.csv"
    only_ids.write_text(
        "Account,Contact email\n" + "".join(f"A{i},a{i}@x.org\n" for i in range(12)),
        encoding="utf-8",
    )
    with pytest.raises(SurveyFormatError, match="no column can describe the accounts"):
        read_accounts(only_ids)


def test_band_and_number_parsing(tmp_path):
    rows = ["Company,Employees,Revenue,ARR,Tier"]
    bands = ["1-10", "11-50", "51-200", "201-1,000", "1,000+"]
    revenue = ["<$1M", "$1M-$10M", "$10M–$50M", "$50M+", "$1M-$10M"]
    arr = ["$2.5M", "$900k", "$1.2M", "$40k", "$3M"]
    for i in range(12):
        rows.append(f'C{i},"{bands[i % 5]}",{revenue[i % 5]},{arr[i % 5]},Gold')
    path = tmp_path / "bands.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    survey = read_accounts(path)
    cb = survey.codebook.set_index("variable")
    assert cb.loc["employees", "levels"] == bands
    assert cb.loc["revenue", "levels"] == ["<$1M", "$1M-$10M", "$10M–$50M", "$50M+"]
    assert survey.responses["arr"].iloc[:5].tolist() == [2.5e6, 9e5, 1.2e6, 4e4, 3e6]
    assert not cb.loc["tier", "include"] and "only one value" in cb.loc["tier", "kind_reason"]


def test_accounts_profile_into_personas_with_overlap_table(accounts_csv):
    path, table, group = accounts_csv
    survey = read_accounts(path)
    labels = pd.Series(group.to_numpy(), index=survey.responses.index)
    personas = PersonaSet.from_labels(survey, labels)
    assert personas.unit == "accounts"
    assert repr(personas).startswith("<PersonaSet: 3 personas from 30 accounts")
    assert personas.names == {
        1: "Price-sensitive decision-maker",
        2: "Security-minded evaluator",
        3: "Growth-focused champion",
    }
    assert any("Decision maker" in item for item in personas[1].decision_role)
    assert any("Data security" in item and "[risk]" in item for item in personas[2].pain_points)
    assert any("LinkedIn" in item for item in personas[3].channels)
    # contact names and phones never reach the personas' outputs
    text = personas.to_json() + personas.to_html() + personas.to_markdown()
    for name in table["Contact name"]:
        assert name not in text
    assert "7946" not in text and "@example.com" not in text
    quote = personas[1].quotes[0]["text"]
    assert quote.startswith("Met [NAME] at a trade fair; call [NAME] on [PHONE]")
    overlap = personas.overlap_table(min_share=0.6)
    evaluators = overlap[(overlap["persona"] == 2) & (overlap["variable"] == "buying_role")]
    assert evaluators["level"].tolist() == ["Evaluator"]
    members = set(evaluators["members"].iloc[0].split("; "))
    expected = set(
        survey.responses.index[(labels == 2) & (table["Buying role"] == "Evaluator").to_numpy()]
    )
    assert members == expected
    assert evaluators["share"].iloc[0] == pytest.approx(len(expected) / 10)
    assert (overlap.groupby("persona")["share"].max() >= 0.9).all()
    assert overlap["trait"].str.contains(": ").all()


def test_segmenter_on_accounts_when_available(accounts_csv):
    import personakit

    segmenter_class = personakit.PersonaSegmenter
    path, _, group = accounts_csv
    survey = read_accounts(path)
    segmenter = segmenter_class(n_personas=3, random_state=0).fit(survey)
    personas = segmenter.personas_
    assert isinstance(personas, PersonaSet) and len(personas) == 3
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(group, segmenter.labels_.loc[survey.responses.index]) > 0.6
    assert not personas.overlap_table().empty


def test_errors_are_personakit_errors():
    assert issubclass(SurveyFormatError, PersonakitError)


def test_shareable_accounts_drop_contacts_and_mask_names_in_notes(accounts_csv):
    path, table, _ = accounts_csv
    survey = read_accounts(path)
    assert survey.metadata["pii_kinds"] == {"contact_name": "name", "contact_email": "email"}
    shared = survey.shareable_responses()
    assert "contact_name" not in shared.columns and "contact_email" not in shared.columns
    first, last = table.loc[0, "Contact name"].split()
    assert first not in shared["notes"].iloc[0] and last not in shared["notes"].iloc[0]
    assert "[NAME]" in shared["notes"].iloc[0] and "[PHONE]" in shared["notes"].iloc[0]


def test_unique_names_are_labels_and_misspelt_options_merge(tmp_path):
    table, _ = make_accounts(n=15)
    table.insert(1, "Company name", [f"Company {i}" for i in range(15)])
    table.loc[3, "Goals"] = "Redcue costs; Automate reporting"
    table.loc[4, "Goals"] = "reduce costs"
    path = tmp_path / "accounts.csv"
    table.to_csv(path, index=False)
    survey = read_accounts(path)
    cb = survey.codebook.set_index("variable")
    assert cb.loc["company_name", "kind"] == "metadata" and not cb.loc["company_name", "include"]
    assert "every account has a different value" in cb.loc["company_name", "kind_reason"]
    goals = [cb.loc[v, "sub_label"] for v in survey.variables(role="goal")]
    assert "Reduce costs" in goals and not any(g.lower().startswith("redcue") for g in goals)
    assert survey.responses.loc[survey.responses.index[3], "goals__reduce_costs"]
    assert survey.responses.loc[survey.responses.index[4], "goals__reduce_costs"]
    assert any("'Redcue costs' read as 'Reduce costs' (spelling)" in n for n in survey.notes)


def test_small_personas_also_list_traits_most_members_share(accounts_csv):
    path, _, group = accounts_csv
    survey = read_accounts(path)
    labels = pd.Series(group.to_numpy(), index=survey.responses.index)
    personas = PersonaSet.from_labels(survey, labels)
    traits = personas[1].traits
    assert set(traits["basis"]) <= {"significant difference (FDR)", "shared by most members"}
    shared = traits[traits["basis"] == "shared by most members"]
    assert ((shared["share_in"] > 0.5) & (shared["difference"] >= 0.3)).all()
    assert (traits.loc[traits["basis"] != "shared by most members", "p_adj"] < 0.05).all()
    assert "| Basis |" in personas.to_markdown()
    assert "answers shared by more than half of the members" in personas.to_markdown()


def test_bundled_sample_accounts(sample_dir):
    path = sample_dir / "accounts.csv"
    truth_path = sample_dir / "truth" / "accounts.csv"
    raw = pd.read_csv(path, dtype=str)
    before = _sha(path)
    survey = read_accounts(path)
    assert _sha(path) == before
    assert survey.n_respondents == len(raw) == 30
    assert survey.metadata["id_column"] == "account_id"
    cb = survey.codebook.set_index("variable")
    assert cb.loc["contact_name", "pii"] and cb.loc["contact_email", "pii"]
    assert cb.loc["company", "kind"] == "metadata"
    assert cb.loc["buying_role", "role"] == "decision_role"
    assert cb.loc["seniority", "kind"] == "ordinal"
    assert survey.variables(kind="multiselect", role="channel")
    truth = pd.read_csv(truth_path, dtype={"account_id": str}).set_index("account_id")
    labels = truth.loc[survey.responses.index, "persona"].astype(int)
    personas = PersonaSet.from_labels(survey, labels)
    assert [p.size for p in personas] == labels.value_counts().sort_index().tolist()
    assert any("evaluator" in item for item in personas[2].decision_role)
    assert any("champion" in item for item in personas[3].decision_role)
    text = personas.to_json() + personas.to_html() + personas.to_markdown()
    for name in raw["contact_name"]:
        for part in name.split():
            assert not re.search(rf"\b{re.escape(part)}\b", text), part
    for email in raw["contact_email"]:
        assert email not in text
    overlap = personas.overlap_table()
    assert set(overlap["persona"]) == {1, 2, 3}


_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "N/A",
            "-",
            "Retail",
            "Health",
            "EMEA",
            "APAC",
            "12",
            "1,200",
            "$5M",
            "11-50",
            "1000+",
            "<$1M",
            "Email; Events",
            "Events",
            "Decision maker",
            "VP",
            "Manager",
            "x@y.org",
            "a; b; c",
            "Nice, long note about the pilot.",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=12,
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    headers=st.lists(
        st.sampled_from(
            [
                "Account",
                "Industry",
                "Employees",
                "Region",
                "Buying role",
                "Goals",
                "Notes",
                "Contact email",
                "Seniority",
                "Revenue band",
                "Tier",
                "Misc",
            ]
        ),
        min_size=1,
        max_size=7,
        unique=True,
    ),
    n=st.integers(min_value=0, max_value=16),
    data=st.data(),
)
def test_any_small_table_reads_or_fails_with_a_survey_format_error(tmp_path, headers, n, data):
    rows = [[data.draw(_CELLS) for _ in headers] for _ in range(n)]
    path = tmp_path / "fuzz.csv"
    pd.DataFrame(rows, columns=headers).to_csv(path, index=False)
    before = path.read_bytes()
    try:
        survey = read_accounts(path)
    except SurveyFormatError:
        pass
    else:
        assert survey.n_respondents >= MIN_ACCOUNTS
        assert survey.responses.index.is_unique
        assert set(survey.codebook["variable"]) == set(survey.responses.columns)
        k = data.draw(st.integers(min_value=1, max_value=3))
        labels = pd.Series(
            np.resize(np.arange(1, k + 1), survey.n_respondents), index=survey.responses.index
        )
        try:
            personas = PersonaSet.from_labels(survey, labels)
        except PersonakitError as exc:
            assert "no variable a persona profile can describe" in str(exc)
        else:
            assert PersonaSet.from_dict(personas.to_dict()).to_json() == personas.to_json()
            personas.to_html()
            personas.to_markdown()
            personas.overlap_table()
    assert path.read_bytes() == before
