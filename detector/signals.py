"""The project's own curated facts about commercial inserts, and small matchers over them.

Families and where their facts were learned (the lists are written here, not copied):
- AFFILIATE_HOSTS: affiliate networks and link redirectors named in Mathur et al. 2018's affiliate URL patterns,
  ClearURLs' provider rules and Brave's debounce list (Awin/Zanox, CJ, Impact, Rakuten, ShareASale, Skimlinks,
  Sovrn/VigLink, Pepperjam, Tradedoubler, Webgains, Admitad, Partnerize, FlexOffers, AvantLink, Amazon short links).
- AFFILIATE_PARAMS: query parameters that carry an affiliate or partner id (Mathur 2018, AdGuard's tracking-parameter
  filter, ClearURLs' referral markers).
- REDIRECT_PATHS: cloaked affiliate redirect paths used by WordPress link plugins (ThirstyAffiliates /recommends/,
  Pretty Links /go/, /out/, /refer/) as seen in the same lists' redirect-unwrap rules.
- DISCLOSURE / AD_LABEL: ad-label and disclosure wording per language, from EasyList, EasyList Germany and Liste FR's
  label-text rules (sponsored, Anzeige, Publicité, patrocinado, sponsorizzato, sponsorowane, ...) and from publishers'
  affiliate-disclosure conventions; Dutch terms also from Kats et al. 2021's advertorial lexicon. Ad labels and
  sponsorship words in SV, DA, NO, FI, CS, HU, RO and TR come from the same label rules (EasyList's multilingual
  "sponsored" / "in partnership with" lists) and from real pages' labels ("Kaupallinen yhteistyö", "Materiał
  partnerski"), so that a page in a language without a word list still shows its ad labels.
- CALL_TO_ACTION: imperative sign-up / buy / claim phrases per language (written here).
- OWN_APPEAL: the publication's own newsletter, membership and donation appeals per language (written here): not
  commercial inserts, though worded like calls to action.
- NATIVE_AD_HOSTS: native-advertising networks whose widgets ("Around the web", "Promoted stories") EasyList's
  element-hiding rules name most often (Taboola, Outbrain, ZergNet, MGID, Content.ad, Revcontent, Ligatus, Plista).
"""
import re
from urllib.parse import parse_qsl, unquote, urlsplit

AFFILIATE_HOSTS = {
    # network → host suffixes
    "awin": ("awin1.com", "zenaps.com", "zanox.com", "zanox-affiliate.de"),
    "cj": ("anrdoezrs.net", "dpbolvw.net", "jdoqocy.com", "kqzyfj.com", "tkqlhce.com", "qksrv.net", "emjcd.com"),
    "impact": ("sjv.io", "7eer.net", "evyy.net", "pxf.io", "ojrq.net"),
    "rakuten": ("linksynergy.com", "click.linksynergy.com"),
    "shareasale": ("shareasale.com",),
    "skimlinks": ("go.skimresources.com", "go.redirectingat.com"),
    "sovrn": ("viglink.com", "redirect.viglink.com", "sovrn.co"),
    "pepperjam": ("pjtra.com", "pntrs.com", "pjatr.com", "pepperjamnetwork.com"),
    "tradedoubler": ("tradedoubler.com", "clk.tradedoubler.com"),
    "webgains": ("webgains.com", "track.webgains.com"),
    "admitad": ("ad.admitad.com", "alitems.com", "admitad.com"),
    "partnerize": ("prf.hn",),
    "flexoffers": ("flexlinkspro.com", "flexoffers.com"),
    "avantlink": ("avantlink.com",),
    "amazon": ("amzn.to", "amzn.eu", "amzlink.to"),
    "ebay": ("rover.ebay.com",),
    "adcell": ("adcell.de",),
    "belboon": ("belboon.de", "belboon.com"),
    "daisycon": ("daisycon.io", "ds1.nl"),
    "tradetracker": ("tc.tradetracker.net", "tradetracker.net"),
    "effiliation": ("track.effiliation.com",),
    "geniuslink": ("geni.us",),
    "bitly": ("bit.ly",),
}
NATIVE_AD_HOSTS = ("taboola.com", "outbrain.com", "zergnet.com", "mgid.com", "content.ad", "revcontent.com",
                   "ligatus.com", "plista.com")  # subdomains (trc.taboola.com, paid.outbrain.com) match by suffix
AFFILIATE_PARAMS = frozenset({
    "tag", "ref", "ref_id", "refid", "referral", "referrer", "aff", "aff_id", "affid", "affiliate", "affiliate_id",
    "aff_sub", "a_aid", "partner", "partner_id", "partnerid", "pid", "clickref", "campid", "irclickid", "ranmid",
    "raneaid", "siteid", "btag", "subid", "sub_id", "coupon", "promo", "promocode", "voucher", "invite", "invite_code",
    "bonus", "bonuscode",
})
# Analytics parameters (utm_*) are on every cross-site link; only their values say "paid": utm_medium=affiliate, cpa.
# (utm_medium=referral is plain cross-site traffic, as on a publisher's links to its sister editions.)
AFFILIATE_PARAM_VALUES = re.compile(r"affiliat|partner|sponsor|paid|cpa|cpc", re.I)
REDIRECT_PATHS = re.compile(r"/(go|out|recommends|refer|visit|aff|affiliate|goto|redirect|zum-angebot)(/|\?|$)", re.I)

AD_LABEL = re.compile(
    r"^\W*(anzeige|werbung|publicit[ée]|advertisement|advertorial|sponsored|sponsoris[ée]e?|gesponsert|"
    r"patrocinado|publicidad|publicidade|sponsorizzato|pubblicit[àa]|reklama|sponsorowane|gesponsorde?|"
    r"promoted|partner content|contenu sponsoris[ée]|contenido patrocinado|paid post|paid content|"
    r"report this ad|ad ?choices|sponsored links|promoted (stories|links|content)|about these ads|"
    r"powered by (taboola|outbrain|zergnet|mgid|revcontent|plista|ligatus)|"
    # beyond the eight languages (ad-slot and sponsored labels as EasyList's label rules word them): SV, DA, NO,
    # FI, CS/SK, HU, RO, TR
    r"annons|sponsrad|annonce|sponsoreret|annonse|sponset|mainos|mainostettu|sponsoroitu|kaupallinen yhteisty[öo]|"
    r"reklame?|sponzorov[áa]n[a-záéýí]*|komer[čc]n[íi] sd[ěe]len[íi]|hirdet[ée]s|szponzor[áa]lt|publicitate|"
    r"sponsorizat|sponsorlu|materia[łl] (partnerski|sponsorowany))\W*$", re.I)
# Written as "anywhere alternatives | \b(word-start alternatives)": one \b before a group of literal-led branches is
# several times faster to scan than a \b on every branch (Python's re checks a branch's first letter cheaply).
DISCLOSURE = re.compile(
    r"affiliate[- ]?links?\b|provisions[- ]?links?|earns? (a )?(small )?commission|\*\s*(affiliate|werbe|provisions)|"
    r"\b(affiliatelinks?\b|partner[- ]?links?\b|liens? (partenaires?|affili[ée]s?|sponsoris[ée]s?)|"
    r"enlaces? (de )?afiliad|links? (de )?afiliad|link affiliat|linki? afiliacyjn|affiliate-?links?\b|may earn\b|"
    r"(erhalten|bekommen) (wir|die redaktion) (eine |ggf\. )?provision|provision vom|"
    r"commissione\b|comiss[ãa]o\b|comisi[óo]n\b|prowizj|commissie\b|"
    r"sponsored\b|sponsoris[ée]e?\b|patrocinad[oa]\b|sponsorizzat[oa]\b|"
    r"sponsorowan[ye]\b|gesponsorde?\b|anzeige\b|werbung\b|publicit[ée]\b|publicidad\b|"
    r"gesponsert[a-z]*\b|gesponsort[a-z]*\b|materia[łl] partnersk|"
    r"publicidade\b|pubblicit[àa]\b|reklama\b|advertorial\b|advertentie\b|advertisement\b|"
    r"in (kooperation|zusammenarbeit) mit\b|en partenariat avec\b|in collaborazione con\b|"
    r"em parceria com\b|en colaboraci[óo]n con\b|we wsp[óo][łl]pracy z\b|in samenwerking met\b|"
    r"i\.s\.m\.|materia[łl] partnera\b|paid partnership\b|partner content\b|contenu partenaire\b|"
    # sponsorship words beyond the eight languages (SV, DA/NO, FI, CS, HU, RO, TR), from EasyList's label rules
    r"i samarbete med\b|sponsrad\b|i samarbejde med\b|i samarbeid med\b|sponsoreret\b|kaupallinen yhteisty|"
    r"sponsoroitu\b|mainostettu\b|sponzorov[áa]n|komer[čc]n[íi] sd[ěe]len[íi]|szponzor[áa]lt|sponsorizat\b|"
    r"sponsorlu\b|"
    r"partenaire r[ée]mun[ée]r[ée]|liens? d.affiliation|receive (a )?(payment|compensation)|"
    r"paid (promotion|placement|program)|brandvoice\b|bezahlte (partnerschaft|kooperation)|werbelinks?\b|"
    r"(powered )?by (taboola|outbrain|zergnet|mgid|revcontent|plista|ligatus)\b|"
    # sponsor messages inside a newsletter, series or podcast write-up
    r"brought to you by\b|for sponsoring\b|sponsor(ship)? message|today.s sponsor|supported by commissions|"
    r"mit freundlicher unterst[üu]tzung von|pr[äa]sentiert von|mogelijk gemaakt door|offerto da\b|oferecido por|"
    # the Amazon Associates programme's required statement, as its marketplaces word it
    r"amazon associate|qualifying purchases|amazon-?partner|partenaire amazon|affiliat[oa] amazon|"
    r"afiliado de amazon|associad[oa] (da )?amazon|partner amazon|qualifizierten verk[äa]ufen|"
    r"acquisti idonei|achats remplissant|compras (adscritas|qualificadas)|gekwalificeerde aankopen|"
    r"kwalifikuj[ąa]cych si[ęe] zakup|"
    # "we receive a fee/commission when you buy through our links" in other words
    r"((ontvangen|krijgen) (wij|we)|(wij|we) (ontvangen|krijgen)) (mogelijk )?een (kleine )?vergoeding|"
    r"vergoeding (ontvangen|krijgen)|"
    r"(percevons|touchons|recevons) une (petite )?commission|"
    r"(erhalten|bekommen) wir (ggf\. )?eine verg[üu]tung)", re.I)
# The publication's own appeals (its newsletter, its membership, donations to it): boilerplate by definition, and
# worded like a sign-up call to action, so the model needs to tell them apart (written here).
OWN_APPEAL = re.compile(
    r"newsletter|nieuwsbrief|infolettre|lettre d.information|la lettre d|bolet[íi]n|nuestro bolet|"
    r"notiziario|biuletyn|subscribe to (our|the)|sign up for (our|the) (free )?(daily|weekly|morning|email)|"
    r"support (our|independent) journalism|donate to|make a donation|become a (member|supporter|patron)|"
    r"soutenez (notre|la r[ée]daction)|faire un don|unterst[üu]tzen sie (unseren|unabh[äa]ngigen) journalismus|"
    r"jetzt spenden|apoya (nuestro|el) periodismo|sostieni (il nostro|l.informazione)|wesprzyj|"
    r"steun (onze|de) journalistiek|"
    r"apoie o (nosso )?jornalismo|abonnez-vous [àa] notre|abonnieren sie unseren|suscr[íi]bete a nuestro|"
    r"iscriviti alla|inscreva-se na|zapisz si[ęe] do|meld je aan voor (onze|de)", re.I)
FINE_PRINT = re.compile(
    r"(^|\s)(18\+|\+18)(\s|$|[.,|])|gl[üu]cksspiel kann s[üu]chtig|"
    r"\b(t&cs? apply|terms (and conditions )?apply|es gelten die agb|"
    r"conditions (g[ée]n[ée]rales )?(s.appliquent|applicables)|se aplican|termos e condi[çc][õo]es|"
    r"si applicano|termini e condizioni|regulamin promocji|voorwaarden van toepassing|gambleaware|"
    r"juega con responsabilidad|jogue com responsabilidade|gioca responsabilmente|"
    r"jouer comporte des risques|nur f[üu]r neukunden|new customers only|solo nuovi clienti|"
    r"nouveaux clients|nuevos clientes|novos clientes|nowi klienci|nieuwe klanten)", re.I)
CALL_TO_ACTION = re.compile(
    r"\b(sign up|register|join now|subscribe now|buy now|shop now|order now|get (it|yours|started|the deal|\d+)|"
    r"claim|grab|try (it )?(for )?free|start (your )?free trial|book a demo|download (the|our) app|"
    r"check (the )?price|see (the )?(deal|offer|price)|view deal|get deal|get offer|use (the )?code|click here|"
    r"jetzt|hier (klicken|bestellen|sichern|anmelden|registrieren)|zum angebot|zum deal|sichern|bestellen|"
    r"registrieren|anmelden|kostenlos testen|gutschein|"
    r"cliquez|inscrivez|profitez|d[ée]couvrez l.offre|ouvrez|t[ée]l[ée]chargez|commandez|achetez|en profiter|"
    r"reg[íi]strate|aprovecha|consigue|compra (ahora|ya)|haz clic|desc[áa]rgate|abre tu cuenta|"
    r"iscriviti|approfitta|acquista|scarica|clicca|registrati|apri (il )?conto|"
    r"cadastre-se|aproveite|compre (agora|já)|clique aqui|baixe|abra sua conta|garanta|"
    r"zarejestruj|skorzystaj|kup teraz|kliknij|odbierz|za[łl][óo]ż konto|pobierz|sprawd[źz] ofert|"
    r"meld je aan|bestel nu|bekijk (de )?aanbieding|profiteer|schrijf je in|download de app|"
    r"code promo|promo code|coupon code|discount code|codice sconto|c[óo]digo promocional|cupom|kod rabatowy|kortingscode|"
    r"gutscheincode|rabattcode|code de r[ée]duction|codice promozionale|c[óo]digo de descuento|cup[óo]n|kod promocyjny)|"
    # service businesses' calls to action: quotes, demos, consultations, calls, waiting lists (written here)
    r"\b(get (a |an |your )?(free )?(\w+ )?(quote|demo|consultation)|"
    r"request (a |your )?(free )?(quote|demo|info|consultation)|"
    r"book (a |an |your )?(free |complimentary )?(\w+ ){0,2}(call|demo|consultation|session|appointment)|"
    r"contact sales|join (now|the waitlist|the waiting list)|start (your )?free|sign-up free|"
    r"angebot anfordern|demo anfragen|termin vereinbaren|demander un devis|prenez rendez-vous|essai gratuit|"
    r"solicita (una )?demo|pide (tu )?presupuesto|richiedi (un )?preventivo|solicite (um )?or[çc]amento|"
    r"vraag (een )?offerte|plan een demo|um[óo]w (si[ęe] )?na|zam[óo]w (darmow|bezp[łl]atn))|"
    # opening an account, with up to two words between the verb and the noun ("Załóż darmowe konto")
    r"\b(open|opening|ouvrez|ouvrir|er[öo]ffnen|abra|abrir|abre|apri|aprire|za[łl][óo][żz]|otw[óo]rz|open je)"
    r"(\s+\S+){0,2}\s+(account|compte|konto|conta|cuenta|conto|rekening)\b",
    re.I)
BONUS_WORDS = re.compile(
    r"bonus|bonos?\b|b[ôo]nus|premi[eo]|pr[äa]mie|offert|gratis|free|kostenlos|gratuit|grátis|darmowy|za darmo|"
    r"cashback|rabatt|remise|r[ée]duction|descuento|desconto|sconto|zni[żz]k|korting|rabat|"
    r"deal|offer|offre|angebot|oferta|offerta|aanbieding|promo|coupon|gutschein|cup[óo]n|voucher|"
    r"welcome|bienvenue|willkommen|bienvenida|benvenuto|boas-vindas|powitaln|welkom|"
    r"exclusive|exclusif|exklusiv|exclusiv|esclusiv|ekskluzyw", re.I)
MONEY = re.compile(r"(?:[€$£¥]|\b(?:eur|usd|gbp|chf|pln|zł|brl|r\$)\b)\s?\d|\d[\d.,\s]*\s?(?:[€$£]|eur\b|euros?\b|"
                   r"dollars?\b|zł|z[łl]otych|chf\b|reais\b|pounds?\b)", re.I)
PERCENT = re.compile(r"\d\s?%|%\s?\d")
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u203C\u2049\u2122\u2139\u2194-\u21AA]")


def lower_case_twin(pattern):
    """The same pattern without re.I, for text lower-cased once by the caller (the lists are written in lower
    case; matching lower-cased text without re.I is about a third faster than matching with it)."""
    return re.compile(pattern.pattern)


CALL_TO_ACTION_LC, DISCLOSURE_LC, FINE_PRINT_LC, BONUS_WORDS_LC, MONEY_LC, OWN_APPEAL_LC = map(
    lower_case_twin, (CALL_TO_ACTION, DISCLOSURE, FINE_PRINT, BONUS_WORDS, MONEY, OWN_APPEAL))


def link_host(href):
    try:
        return (urlsplit(href).hostname or "").lower()
    except ValueError:
        return ""


_NETWORK_OF_SUFFIX = {suffix: network for network, suffixes in AFFILIATE_HOSTS.items() for suffix in suffixes}


def affiliate_network(host):
    """The affiliate network a link host belongs to (the host or one of its parent domains is listed), or None.
    Amazon's own hosts count only with a tag= parameter (see affiliate_reasons)."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        network = _NETWORK_OF_SUFFIX.get(".".join(labels[i:]))
        if network:
            return network
    return None


def affiliate_reasons(link, page_host=""):
    """Why one link looks like an affiliate or sponsored link: a list of short reasons (empty when it does not)."""
    reasons = []
    host = link_host(link.href)
    network = affiliate_network(host) if host else None
    if network:
        reasons.append(f"affiliate link: {host}")
    elif host and any(host == h or host.endswith("." + h) for h in NATIVE_AD_HOSTS):
        reasons.append(f"native-ad network link: {host}")
    try:
        parts = link_parts(link.href)
        params = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:
        return reasons
    names = {k.lower() for k, _ in params}
    if names & AFFILIATE_PARAMS and (is_external(link, page_host) or "amazon." in host):
        reasons.append(f"affiliate parameter: {sorted(names & AFFILIATE_PARAMS)[0]}=")
    elif any(AFFILIATE_PARAM_VALUES.search(v) for _, v in params):
        reasons.append("affiliate parameter value")
    if REDIRECT_PATHS.search(parts.path or ""):
        reasons.append(f"redirect path: {parts.path[:30]}")
    if "sponsored" in link.rel:
        reasons.append('rel="sponsored"')
    return reasons


def link_parts(href):
    """urlsplit of a link; a link whose query was percent-encoded into its path (".../dp/B01%3Ftag%3Dsite-20", as
    product feeds emit them) is decoded once so that its parameters are read."""
    parts = urlsplit(href)
    if not parts.query and "%3f" in parts.path.lower():
        parts = urlsplit(unquote(href))
    return parts


def is_external(link, page_host):
    host = link_host(link.href)
    if not host:
        return False  # relative links are the site's own
    return not page_host or not (host.removeprefix("www.") == page_host or host.endswith("." + page_host))
