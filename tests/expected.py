"""What the old blog had: the ten posts, their permalinks, dates and lexers.

Three permalinks are known from facts.md; the other dates are inferred from
what the posts say and marked as inferred in their metadata.
"""

POSTS = [
    # (old permalink, title, category, inferred date?)
    ("/2013/02/23/openstack-docs-and-tooling-in-20-minutes/",
     "OpenStack docs and tooling in 20 minutes", "OpenStack", True),
    ("/2012/11/18/do-photons-have-mass/", "Do photon’s have mass?", "Geekstuff", True),
    ("/2012/11/11/making-keystoneclient-python-library-a-little-easier-to-work-with/",
     "Making keystoneclient python library a little easier to work with", "OpenStack", False),
    ("/2012/11/06/openstack-keystone-plans-for-the-grizzly-release/",
     "OpenStack Keystone plans for the Grizzly release", "OpenStack", True),
    ("/2012/10/28/cloudenvy-vagrant-for-openstack/",
     "CloudEnvy – vagrant for OpenStack", "OpenStack", True),
    ("/2012/10/20/openstack-design-summit-wrap-up-and-links/",
     "OpenStack Design Summit – wrap-up and links", "OpenStack", True),
    ("/2012/09/22/openstack-folsom-rc1/", "OpenStack Folsom RC1", "OpenStack", True),
    ("/2012/06/16/traveller-a-long-time-affair/",
     "Traveller, a long time affair…", "Traveller", False),
    ("/2012/04/08/6-months-later-essex/", "6 months later… Essex", "OpenStack", True),
    ("/2011/10/08/openstack-summit-fall-2011-wrap-up-and-overview/",
     "Openstack Summit Fall 2011 – Wrap-up and overview", "OpenStack", False),
]

# Code samples per post: the lexers their fenced blocks must be highlighted with.
LEXERS = {
    "/2013/02/23/openstack-docs-and-tooling-in-20-minutes/": {"console", "yaml", "text"},
    "/2012/11/11/making-keystoneclient-python-library-a-little-easier-to-work-with/":
        {"pycon", "python"},
    "/2012/10/28/cloudenvy-vagrant-for-openstack/": {"console"},
}

CATEGORIES = {"geekstuff": "Geekstuff", "openstack": "OpenStack", "traveller": "Traveller"}
