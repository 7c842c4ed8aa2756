from pathlib import Path

import pytest

PUF_DIR = Path(__file__).resolve().parents[1] / "data" / "puf"

# The preferred copy of each PY (tests/data/puf/PROVENANCE.md)
PUF_FILES = {
    2013: "ACO.SSP.PUF.Y2013.csv",
    2014: "ACO.SSP.PUF.Y2014.csv",
    2015: "ACO.SSP.PUF.Y2015.csv",
    2016: "ACO.SSP.PUF.Y2016.csv",
    2017: "PY2017_ericwalczyk.csv",
    2018: "PY2018_ACO_PUF.csv",
    2022: "PY2022_Performance_Year_Financial_and_Quality_Results.csv",
    2023: "PY2023_ACO_Results_PUF.csv",
}


@pytest.fixture(scope="session")
def puf_path():
    return lambda year: PUF_DIR / PUF_FILES[year]


@pytest.fixture(scope="session")
def puf_dir():
    return PUF_DIR


@pytest.fixture(scope="session")
def puf_files():
    return dict(PUF_FILES)
