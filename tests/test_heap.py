import platform
import sys

from lint.heap import release


def test_release_frees_nothing_in_use_and_says_whether_it_could():
    kept = [bytes(300_000) for _ in range(20)]
    del kept[::2]
    could = release()
    assert isinstance(could, bool)
    if not sys.platform.startswith("linux"):
        assert could is False
    elif platform.libc_ver()[0] == "glibc":
        assert could is True
    assert all(len(block) == 300_000 and not any(block[:10]) for block in kept)
    assert release() is could  # the lookup is made once and stays
