"""The video BIOS (INT 10h) in text mode, checked from guest programs: what they
read back from the BIOS, the BIOS data area and B800, and the final screen."""

from __future__ import annotations


def words(result) -> list[int]:
    """The hex words a guest printed after its last '='."""
    assert result.status == "exited", result.report
    assert result.exit_code == 0
    return [int(w, 16) for w in result.stdout.rsplit(b"=", 1)[1].split()]


def rows(result) -> list[str]:
    lines = result.screen.split("\n")
    return lines + [""] * (25 - len(lines))


def test_teletype_controls_wrap_and_scroll(guest):
    result = guest("video_tty")
    assert words(result) == [
        0x0302, 0x0302,  # after CR LF BS: row 3, column 2; the BDA says the same
        0x0400,  # BS at column 0 stays there
        0x0A14,  # 02h sets the BDA cursor
        0x0B05,  # 03h reads the BDA cursor
        0x0D01,  # W X at columns 78-79, Y wrapped to row 13
        0x1804, 0x1804,  # after scrolling: bottom row, column 4
    ]
    screen = rows(result)
    assert screen[0] == "TOP1"  # TOP0 scrolled off the top
    assert screen[1] == "CB"  # "AB", CR, "C"
    assert screen[2] == " E"  # LF keeps the column; "D", BS, "E"
    assert screen[10] == "     Z"  # drawn where the BDA put the cursor
    assert screen[11] == " " * 78 + "WX"
    assert screen[12] == "Y"
    assert screen[13] == ""
    assert screen[14].startswith("=0302 0302")
    assert screen[23] == "BOTTOM"
    assert screen[24] == "LAST"
    assert len(result.screen.split("\n")) == 25


def test_teletype_output_reaches_stdout(guest):
    result = guest("video_tty")
    assert result.stdout.startswith(b"TOP0\nTOP1\nAB\rC\n")
    assert b"BOTTOM\nLAST=" in result.stdout


def test_scroll_windows_with_attributes(guest):
    result = guest("video_scroll")
    assert words(result) == [
        # 06h: up 1, rows 2-5, columns 10-19, attribute 1Eh
        0x0744, 0x0746, 0x1E20, 0x1E20, 0x0746, 0x0743, 0x0747,
        # 07h: down 2, rows 0-3, columns 0-4, attribute 4Fh
        0x4F20, 0x4F20, 0x0741, 0x0742, 0x0745, 0x0741,
        # 06h with AL=0 blanks rows 7-8 with attribute 70h, leaves 6 and 9
        0x7020, 0x7020, 0x074A, 0x0747,
        # 07h with more lines than the window has blanks it
        0x0220, 0x0220,
        0x0000,  # the cursor did not move
    ]
    screen = rows(result)
    assert screen[0] == "     " + "A" * 75
    assert screen[2] == "A" * 5 + "C" * 5 + "D" * 10 + "C" * 60
    assert screen[5] == "F" * 10 + " " * 10 + "F" * 60
    assert screen[7] == screen[8] == screen[9] == ""


def test_write_char_repeat_and_read_back(guest):
    result = guest("video_write")
    assert words(result) == [
        0x0305,  # 09h left the cursor where it was
        0x1F2A,  # 08h: '*' attribute 1Fh
        0x1F23,  # 0Ah wrote '#' and kept the attribute
        0x1F2A,  # past the count of 0Ah: still '*'
        0x0720,  # past the count of 09h: blank
        0x2E2B, 0x0720,  # 09h goes on into the next row, for CX cells only
        0x3441,  # 08h reads what the program wrote to B800 itself
    ]
    screen = rows(result)
    assert screen[3] == "     *##*"
    assert screen[4] == " " * 78 + "++"
    assert screen[5] == "+"
    assert screen[6] == "A"


def test_write_string_modes(guest):
    result = guest("video_string")
    assert words(result) == [
        0x0000, 0x1A48, 0x1A6F,  # AL=0: attribute BL, cursor not moved
        0x0403, 0x2B63,  # AL=1: cursor moved to the end of the string
        0x0403, 0x4E58, 0x5F59,  # AL=2: character/attribute pairs, cursor not moved
        0x0803, 0x3352,  # AL=3: pairs, cursor moved
        0x0B01,  # CR and LF inside the string act as in teletype
    ]
    screen = rows(result)
    assert screen[2] == "   Hello"
    assert screen[4] == "abc"
    assert screen[6] == " " * 10 + "XY"
    assert screen[8] == "PQR"
    assert screen[10] == "1"
    assert screen[11] == "2"


def test_set_mode_clears_and_updates_the_data_area(guest):
    result = guest("video_mode")
    assert words(result) == [
        0x5003, 0x0000,  # 0Fh: 80 columns, mode 3, page 0
        0x2801, 0x0000,  # after mode 1: 40 columns
        0x0001, 0x0028,  # BDA 0449h mode, 044Ah columns
        0x0000,  # cursor home
        0x0003, 0x0050,  # back to mode 3
        0x1E51,  # mode 83h kept the screen
        0x0720, 0x0720,  # mode 3 cleared it
        0x5003, 0x0000,
    ]
    assert "JUNK" not in result.screen
    assert result.screen.startswith("=5003 0000 2801")
    assert "\n" not in result.screen


def test_forty_column_screen(guest):
    result = guest("video_mode40")
    assert words(result) == [0x0105, 0x2801]
    assert result.screen.split("\n") == ["x" * 40, "x" * 5, "", "=0105 2801"]


def test_display_pages(guest):
    result = guest("video_pages")
    assert words(result) == [
        0x0006,  # page 0 cursor after "page 0"
        0x0006,  # page 1 cursor after the string written there with 13h
        0x0001, 0x0001,  # 0Fh and the BDA: page 1 shows
        0x1000,  # BDA page start: 4 KiB per 80x25 page
        0x1C31,  # 09h wrote to page 1 at its own cursor
    ]
    # The final screen is the page on display.
    assert rows(result)[:6] == ["page 1", "", "1", "", "", "=0006 0006 0001 0001 1000 1C31"]
