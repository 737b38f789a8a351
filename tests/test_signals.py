import pytest

from detector import signals
from detector.types import Link


@pytest.mark.parametrize("href,expected", [
    ("https://www.awin1.com/cread.php?awinmid=1&p=x", "affiliate link: www.awin1.com"),
    ("https://www.amazon.de/dp/B0?tag=site-21", "affiliate parameter: tag="),
    ("https://www.amazon.com/Kit/dp/B01%3Fpsc%3D1%26tag%3Dsite0a-20%26linkCode%3Dxm2", "affiliate parameter: tag="),
    ("https://broker.example/register?ref=abc", "affiliate parameter: ref="),
    ("/go/casino-royal", "redirect path: /go/casino-royal"),
    ("https://mysite.example/recommends/vpn/", "redirect path: /recommends/vpn/"),
])
def test_affiliate_reasons(href, expected):
    assert expected in signals.affiliate_reasons(Link(href=href, text="x"), page_host="mysite.example")


def test_paid_traffic_values_of_analytics_parameters_are_reasons():
    link = Link("https://shop.example/item?utm_source=mysite&utm_medium=affiliate", "x")
    assert "affiliate parameter value" in signals.affiliate_reasons(link, page_host="mysite.example")


def test_rel_sponsored_is_a_reason():
    assert 'rel="sponsored"' in signals.affiliate_reasons(Link("https://a.example/", "x", "sponsored nofollow"))


@pytest.mark.parametrize("href", ["/news/2024/story", "https://mysite.example/?ref=nav", "#top", "mailto:x@y.z",
                                  "https://sister-edition.example/?utm_source=crossdomain&utm_medium=referral"])
def test_ordinary_links_have_no_reason(href):
    assert signals.affiliate_reasons(Link(href=href, text="x"), page_host="mysite.example") == []


@pytest.mark.parametrize("text", [
    "Cliquez sur notre lien partenaire", "*Affiliate-Link", "Anzeige", "We may earn a commission",
    "Enlace de afiliado", "Contenuto sponsorizzato", "Publicidade", "Artykuł sponsorowany", "Gesponsord",
    "Publicité", "Dieser Artikel enthält Affiliate-Links",
])
def test_disclosures_in_eight_languages(text):
    assert signals.DISCLOSURE.search(text)


@pytest.mark.parametrize("text", [
    "As an Amazon Associate I earn from qualifying purchases.",
    "Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.",
    "En tant que Partenaire Amazon, je réalise un bénéfice sur les achats remplissant les conditions requises.",
    "In qualità di Affiliato Amazon ricevo un guadagno dagli acquisti idonei.",
    "Wij ontvangen een vergoeding als je via onze links een contract afsluit.",
])
def test_affiliate_programme_statements_are_disclosures(text):
    assert signals.DISCLOSURE.search(text)


@pytest.mark.parametrize("text", ["Subscribe to our newsletter", "Meld je aan voor onze nieuwsbrief",
                                  "Abonnez-vous à notre newsletter", "Support independent journalism: donate today",
                                  "Zapisz się do newslettera", "Suscríbete a nuestro boletín"])
def test_own_appeals(text):
    assert signals.OWN_APPEAL.search(text)


@pytest.mark.parametrize("text", ["Sign up today and get $50", "Open an account in minutes", "Claim your free bet"])
def test_offers_are_not_own_appeals(text):
    assert not signals.OWN_APPEAL.search(text)


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


@pytest.mark.parametrize("text", [
    "*= gesponsorter Link", "Materiał partnerski", "Kaupallinen yhteistyö", "I samarbete med Volvo Cars",
    "Sponzorováno", "Szponzorált tartalom", "Articol sponsorizat", "Sponsorlu içerik", "I samarbejde med Netto",
])
def test_sponsorship_words_beyond_the_eight_languages_are_disclosures(text):
    assert signals.DISCLOSURE.search(text)


@pytest.mark.parametrize("text", ["Annons", "Mainos", "Reklame", "Hirdetés", "Publicitate", "About these ads"])
def test_ad_slot_labels_beyond_the_eight_languages(text):
    assert signals.AD_LABEL.match(text)


@pytest.mark.parametrize("text", ["Annonsen om nya jobb kom i går", "Reklamen väckte kritik hos konsumentverket"])
def test_sentences_that_start_with_an_ad_word_are_not_ad_labels(text):
    assert not signals.AD_LABEL.match(text)
