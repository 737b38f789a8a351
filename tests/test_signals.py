import pytest

from detector import signals
from detector.types import Link


@pytest.mark.parametrize("href,expected", [
    ("https://www.awin1.com/cread.php?awinmid=1&p=x", "affiliate link: www.awin1.com"),
    ("https://www.amazon.de/dp/B0?tag=site-21", "affiliate parameter: tag="),
    ("https://broker.example/register?ref=abc", "affiliate parameter: ref="),
    ("/go/casino-royal", "redirect path: /go/casino-royal"),
    ("https://mysite.example/recommends/vpn/", "redirect path: /recommends/vpn/"),
])
def test_affiliate_reasons(href, expected):
    assert expected in signals.affiliate_reasons(Link(href=href, text="x"), page_host="mysite.example")


def test_rel_sponsored_is_a_reason():
    assert 'rel="sponsored"' in signals.affiliate_reasons(Link("https://a.example/", "x", "sponsored nofollow"))


@pytest.mark.parametrize("href", ["/news/2024/story", "https://mysite.example/?ref=nav", "#top", "mailto:x@y.z"])
def test_ordinary_links_have_no_reason(href):
    assert signals.affiliate_reasons(Link(href=href, text="x"), page_host="mysite.example") == []


@pytest.mark.parametrize("text", [
    "Cliquez sur notre lien partenaire", "*Affiliate-Link", "Anzeige", "We may earn a commission",
    "Enlace de afiliado", "Contenuto sponsorizzato", "Publicidade", "Artykuł sponsorowany", "Gesponsord",
    "Publicité", "Dieser Artikel enthält Affiliate-Links",
])
def test_disclosures_in_eight_languages(text):
    assert signals.DISCLOSURE.search(text)


@pytest.mark.parametrize("text", ["Traueranzeigen", "Alle Artikel anzeigen", "Legal Provisions", "Sponsor a child's school"])
def test_false_friends_are_not_disclosures(text):
    assert not signals.DISCLOSURE.search(text)


@pytest.mark.parametrize("text", ["Jetzt Deal sichern", "Inscrivez-vous", "Regístrate hoy", "Iscriviti ora",
                                  "Cadastre-se", "Zarejestruj się", "Bestel nu", "Sign up today"])
def test_calls_to_action(text):
    assert signals.CALL_TO_ACTION.search(text)


def test_money_and_percent():
    assert signals.MONEY.search("250 € offert") and signals.MONEY.search("$50 bonus")
    assert signals.MONEY.search("zyskaj 200 zł") and signals.PERCENT.search("-30 %")
    assert not signals.MONEY.search("in 2024 the index rose")


def test_native_ad_networks_are_commercial_links_and_labels():
    from detector.signals import AD_LABEL, affiliate_reasons
    from detector.types import Link

    assert affiliate_reasons(Link("http://www.zergnet.com/i/1423/40875", "A headline"), "news.example") == [
        "native-ad network link: www.zergnet.com"]
    assert affiliate_reasons(Link("https://news.example/story/1", "A headline"), "news.example") == []
    assert AD_LABEL.match("report this ad") and AD_LABEL.match("AdChoices") and AD_LABEL.match("Promoted Stories")
    assert not AD_LABEL.match("Report this comment")
