from detector.inserts import find_inserts, promo_runs, reasons_for
from detector.model import revise_with_neighbours
from detector.types import Block, Link


def block(i, text, links=(), repeats=1):
    return Block(index=i, text=text, tag="p", path=f"/html/body/p[{i + 1}]", links=tuple(links), repeats=repeats)


def test_promo_runs():
    assert promo_runs(["editorial", "promo", "promo", "boilerplate", "promo"]) == [[1, 2], [4]]
    assert promo_runs([]) == [] and promo_runs(["editorial"]) == []


def test_repeated_insert_points_to_its_first_occurrence():
    texts = ["News.", "Get 50 € bonus now", "Claim it here", "More news.", "Get 50 € bonus now", "Claim it here"]
    labels = ["editorial", "promo", "promo", "editorial", "promo", "promo"]
    inserts = find_inserts([block(i, t) for i, t in enumerate(texts)], labels, [0.1, 0.9, 0.8, 0.1, 0.95, 0.7])
    assert [i.blocks for i in inserts] == [(1, 2), (4, 5)]
    assert [i.repeat_of for i in inserts] == [None, 0]
    assert inserts[1].score == 0.95


def test_disclosure_next_to_the_insert_counts():
    blocks = [block(0, "Anzeige"), block(1, "Tagesgeld mit 4 % Zinsen"), block(2, "Some news."),
              block(3, "Buy this gadget", [Link("https://shop.example/x", "Buy", "sponsored")]),
              block(4, "Another news item."), block(5, "Unlabelled offer here")]
    labels = ["boilerplate", "promo", "editorial", "promo", "editorial", "promo"]
    inserts = find_inserts(blocks, labels, [0.5] * 6)
    assert [i.disclosed for i in inserts] == [True, True, False]


def test_networks_and_hosts_of_an_insert():
    b = block(0, "Deal", [Link("https://www.awin1.com/cread.php?p=1", "Deal")])
    (insert,) = find_inserts([b], ["promo"], [0.9])
    assert insert.networks == ("awin",) and insert.link_hosts == ("www.awin1.com",)


def test_reasons_name_the_signals():
    b = block(0, "🔥 Claim your 100 € bonus 🔥", [Link("https://x.example/?ref=abc", "Claim")], repeats=3)
    reasons = reasons_for(b)
    assert reasons[0] == "affiliate parameter: ref=" and "repeated 3× in page" in reasons


def test_revise_with_neighbours_joins_a_short_sandwiched_block():
    blocks = [block(i, t) for i, t in enumerate(["Bonus!", "🔥 Offer 🔥", "Sign up", "Long editorial text " * 20])]
    labels = ["promo", "boilerplate", "promo", "editorial"]
    assert revise_with_neighbours(blocks, labels, [0.9, 0.3, 0.9, 0.01]) == ["promo", "promo", "promo", "editorial"]
    assert revise_with_neighbours(blocks, labels, [0.9, 0.1, 0.9, 0.01])[1] == "boilerplate"


def test_box_revision_pulls_in_the_rest_of_a_mostly_promo_box():
    def in_box(i, text, box):
        return Block(index=i, text=text, tag="li", path=f"/html/body/div[{box}]/ul/li[{i + 1}]")

    blocks = [in_box(0, "Free shipping", 1), in_box(1, "No annual fee", 1), in_box(2, "Apply now", 1),
              in_box(3, "An editorial list item", 2), in_box(4, "Another one", 2), in_box(5, "Apply now", 2)]
    labels = ["boilerplate", "promo", "promo", "editorial", "editorial", "promo"]
    scores = [0.3, 0.9, 0.95, 0.3, 0.3, 0.9]
    revised = revise_with_neighbours(blocks, labels, scores)
    assert revised[:3] == ["promo"] * 3                       # box 1: 2 of 3 promo, the third leans promo
    assert revised[3:] == ["editorial", "editorial", "promo"]  # box 2: 1 of 3 promo, left alone
    assert revise_with_neighbours(blocks, labels, [0.05, 0.9, 0.95, 0.3, 0.3, 0.9])[0] == "boilerplate"


def test_an_isolated_promo_block_without_evidence_of_its_own_reverts():
    texts = ["An editorial paragraph about the regulator's decision and what it means for users.",
             "He admitted that the challenge was immense.",
             "Another editorial paragraph with quotes from the company's founder and analysts."]
    blocks = [block(i, t) for i, t in enumerate(texts)]
    labels = ["editorial", "promo", "editorial"]
    fallback = ["editorial", "editorial", "editorial"]
    assert revise_with_neighbours(blocks, labels, [0.01, 0.85, 0.01], fallback)[1] == "editorial"
    assert revise_with_neighbours(blocks, labels, [0.01, 0.85, 0.01])[1] == "promo"   # no fallback: no demotion


def test_an_isolated_promo_block_with_a_signal_of_its_own_stays_promo():
    texts = ["An editorial paragraph about the regulator's decision and what it means for users.",
             "Open your account today and get 50 € free with code NEWS50.",
             "Another editorial paragraph with quotes from the company's founder and analysts."]
    linked = [block(0, texts[0]), block(1, "Read the full comparison", links=[Link("https://x.example/go/a", "Read")]),
              block(2, texts[2])]
    fallback = ["editorial", "editorial", "editorial"]
    for blocks in ([block(i, t) for i, t in enumerate(texts)], linked):
        assert revise_with_neighbours(blocks, ["editorial", "promo", "editorial"], [0.01, 0.9, 0.01],
                                      fallback)[1] == "promo"
