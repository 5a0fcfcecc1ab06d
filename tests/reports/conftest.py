import pytest

from campaigns.selectors import campaign_current


@pytest.fixture
def campaign(demo):
    return campaign_current()
