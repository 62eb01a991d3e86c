"""The platform's list of regional assemblies is membership's reference data of regions."""

from __future__ import annotations

from services.membership.domain import reference_data
from shared.assemblies import REGIONAL_ASSEMBLIES


def test_one_regional_assembly_per_region_of_the_reference_data() -> None:
    assert tuple(region.code for region in reference_data.REGIONS) == REGIONAL_ASSEMBLIES
