"""Feature transformers follow scikit-learn's conventions and see what they should."""
import numpy as np
from sklearn.base import clone

from detector.context import add_context
from detector.features import ContextSignals, SIGNAL_NAMES, build_features, refs_of
from detector.page_signals import block_signals
from detector.segment import segment

PAGE = """<html><body><article><p>An editorial paragraph about the central bank and interest rates in the year.</p>
<p><strong>Get 250 € bonus after your first deposit!</strong></p>
<p><a href="https://partner.broker.example/signup?ref=news250">Click our partner link to claim the bonus.</a></p>
<p>Another editorial paragraph, with analysis and quotes from economists about inflation.</p></article></body></html>"""


def refs():
    return refs_of(add_context(segment(PAGE), PAGE))


def test_init_only_stores_parameters_and_fit_returns_self():
    transformer = ContextSignals(window=3)
    assert transformer.get_params() == {"window": 3, "group_levels": 5}
    assert transformer.fit(refs()) is transformer
    assert clone(transformer).window == 3


def test_feature_names_match_columns():
    transformer = ContextSignals(window=1).fit(refs())
    matrix = transformer.transform(refs())
    names = transformer.get_feature_names_out()
    assert matrix.shape == (4, len(names))
    assert list(names[: len(SIGNAL_NAMES)]) == list(SIGNAL_NAMES)
    assert "n-1_affiliate" in names and "window_mean_cta" in names and "group2_mean_money" in names


def test_curated_signals_fire_on_the_insert_only():
    blocks = add_context(segment(PAGE), PAGE)
    values = [block_signals(b) for b in blocks]
    assert values[2]["affiliate"] == 1 and values[0]["affiliate"] == 0
    assert values[1]["money"] >= 1 and values[1]["bonus"] >= 1 and values[0]["money"] == 0
    assert values[2]["cta"] >= 1 and values[3]["cta"] == 0


def test_neighbour_features_see_the_adjacent_block():
    transformer = ContextSignals(window=1).fit(refs())
    names = list(transformer.get_feature_names_out())
    matrix = transformer.transform(refs())
    column = names.index("n+1_affiliate")
    assert matrix[1, column] == 1 and matrix[3, column] == 0
    assert np.all(matrix[3, names.index("n+1_cta")] == 0)  # past the end of the page: zeros


def test_feature_union_is_stateless_and_sparse():
    union = build_features(text_features=2 ** 10, markup_features=2 ** 8)
    X = union.fit(refs()).transform(refs())
    assert X.shape[0] == 4 and X.shape[1] == 2 * 2 ** 10 + 2 ** 8 + len(ContextSignals().get_feature_names_out())


def test_a_huge_text_node_costs_a_bounded_feature_row():
    html = "<p>" + "word " * 2_000_000 + "</p>"
    union = build_features(text_features=2 ** 10, markup_features=2 ** 8)
    X = union.fit_transform(refs_of(add_context(segment(html), html)))
    assert X.shape[0] == 1


def test_markup_words_generalise_across_sites_and_ignore_site_specific_names():
    from detector.features import markup_words, markup_tokens

    assert markup_words("rr-navigation".split("-")[1]) == ("nav",)
    assert markup_words("mysidebar") == ("sidebar",) and markup_words("adsbygoogle") == ("ads",)
    assert markup_words("rr") == () and markup_words("download") == () and markup_words("publication") == ()
    (tokens,) = markup_tokens(refs()[1:2])
    assert tokens.startswith("tag_p parent_article")


def test_cached_char_ngrams_equal_scikit_learns_char_wb_hashing():
    from sklearn.feature_extraction.text import HashingVectorizer

    from detector.hashing import CharNgramHasher

    texts = ["Achetez des cryptomonnaies : 250 € offert !", "Jetzt Gutschein sichern *Affiliate-Link", "a",
             "ab", "x  y", "", "Załóż darmowe konto", "İstanbul ÉTÉ", "🔥 Offre 🔥", "the the the"]
    ours = CharNgramHasher(ngram_range=(2, 4), n_features=2 ** 12).transform(texts)
    theirs = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2 ** 12, alternate_sign=False,
                               lowercase=True).transform(texts)
    assert ours.shape == theirs.shape
    assert abs(ours - theirs).max() < 1e-12



def test_cached_token_rows_equal_scikit_learns_word_hashing():
    from sklearn.feature_extraction.text import HashingVectorizer

    from detector.hashing import TokenHasher

    strings = ["tag_p parent_div cls0_entry cls_content", "", "tag_li parent_ul tag_li", "a b c a",
               "tag_p parent_div cls0_entry cls_content"]
    ours = TokenHasher(n_features=2 ** 10).transform(strings)
    theirs = HashingVectorizer(analyzer="word", n_features=2 ** 10, alternate_sign=False, lowercase=False,
                               token_pattern=r"\S+").transform(strings)
    assert ours.shape == theirs.shape
    assert abs(ours - theirs).max() < 1e-12

def test_page_signals_count_each_block_on_its_own():
    from detector.page_signals import page_signal_matrix, SIGNAL_NAMES as NAMES

    blocks = add_context(segment(PAGE), PAGE)
    together = page_signal_matrix(blocks)
    alone = np.vstack([page_signal_matrix([b]) for b in blocks])
    independent = [NAMES.index(n) for n in ("cta", "bonus", "money", "disclosure", "upper_share", "emoji")]
    assert np.array_equal(together[:, independent], alone[:, independent])
    assert together[1, NAMES.index("money")] == 1 and together[0, NAMES.index("money")] == 0


def test_quoted_speech_share_tells_a_reported_offer_from_an_offer():
    from detector.types import Block

    def share(text):
        return block_signals(Block(index=0, text=text, tag="p", path="/p"))["quoted_share"]

    reported = "One advert read: “Sign up today and claim $50 in free bitcoin.” The regulator is reviewing it."
    assert 0.3 < share(reported) < 1.0
    assert share("Sign up today and claim $50 in free bitcoin.") == 0.0
    assert share("Il a déclaré « nous refusons » hier.") > 0.0


def test_offer_words_inside_a_quotation_do_not_count_as_an_offer():
    from detector.types import Block

    def offer_signals(text):
        values = block_signals(Block(index=0, text=text, tag="p", path="/p"))
        return {name: values[name] for name in ("cta", "bonus", "money")}

    assert offer_signals("The advert read: “Sign up today and claim $50 in free bitcoin.” Regulators objected.") == \
        {"cta": 0, "bonus": 0, "money": 0}
    assert offer_signals("Sign up today and claim $50 in free bitcoin.") == {"cta": 2, "bonus": 1, "money": 1}
    # a quoted code inside an offer leaves the offer's own words counted; an inch mark opens no quotation
    assert offer_signals('Use code "SPRING" and claim $50 off.')["cta"] == 2
    assert offer_signals('The 65" TV is $499 today, the 55" one $399.')["money"] == 2
