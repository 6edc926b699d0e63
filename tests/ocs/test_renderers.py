"""Byte-level JSON and XML forms of the envelope."""

from xml.etree import ElementTree

from ocs.renderers import to_json, to_xml


def test_json_escapes_like_php_json_hex_tag():
    assert to_json({"a": "x/y <b> 👍 é"}) == (
        '{"a":"x\\/y \\u003Cb\\u003E \\ud83d\\udc4d \\u00e9"}'
    )


def test_json_keeps_empty_list_and_empty_object_apart():
    assert to_json({"data": [], "reactions": {}}) == '{"data":[],"reactions":{}}'


def test_xml_matches_nextcloud_layout():
    document = {
        "ocs": {
            "meta": {"status": "ok", "statuscode": 200, "message": "OK"},
            "data": {
                "userId": "alice",
                "message": None,
                "flag": True,
                "off": False,
                "list": ["a", "b"],
                "empty": [],
                "nested": {"x": 1},
            },
        }
    }
    assert to_xml(document) == (
        '<?xml version="1.0"?>\n'
        "<ocs>\n"
        " <meta>\n"
        "  <status>ok</status>\n"
        "  <statuscode>200</statuscode>\n"
        "  <message>OK</message>\n"
        " </meta>\n"
        " <data>\n"
        "  <userId>alice</userId>\n"
        "  <message/>\n"
        "  <flag>1</flag>\n"
        "  <off></off>\n"
        "  <list>\n"
        "   <element>a</element>\n"
        "   <element>b</element>\n"
        "  </list>\n"
        "  <empty/>\n"
        "  <nested>\n"
        "   <x>1</x>\n"
        "  </nested>\n"
        " </data>\n"
        "</ocs>\n"
    )


def test_xml_empty_data_is_self_closing():
    assert to_xml({"ocs": {"data": []}}) == '<?xml version="1.0"?>\n<ocs>\n <data/>\n</ocs>\n'
    assert to_xml({"ocs": {"data": {}}}) == '<?xml version="1.0"?>\n<ocs>\n <data/>\n</ocs>\n'


def test_xml_emoji_keys_become_element_with_key_attribute():
    text = to_xml({"ocs": {"data": {"👍": [{"actorId": "bob"}], "❤️": 2}}})
    root = ElementTree.fromstring(text)
    entries = root.find("data").findall("element")
    assert [e.get("key") for e in entries] == ["👍", "❤️"]
    assert entries[0].find("element/actorId").text == "bob"
    assert entries[1].text == "2"


def test_xml_escapes_markup_and_stays_well_formed_with_hostile_text():
    hostile = "a & b <c> ]]> \x00 \x1f \ud800 \r end"
    text = to_xml({"ocs": {"data": {"message": hostile, "k": 'q"uote'}}})
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.find("data/message").text == "a & b <c> ]]> \ufffd \ufffd \ufffd \r end"
    assert "&amp; b &lt;c&gt;" in text


def test_xml_numeric_keys_are_elements_and_floats_print_like_php():
    text = to_xml({"ocs": {"data": {"7": 1.0, "ratio": 0.5}}})
    assert "<element>1</element>" in text
    assert "<ratio>0.5</ratio>" in text
