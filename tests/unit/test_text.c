/* test_text.c — the sanitiser on hostile strings: nothing dangerous may survive. */
#include <string.h>

#include "../tw_test.h"
#include "text.h"
#include "trace.h"

static char out[512];

START_TEST(text_escapes_terminal_sequences)
{
	const char in[] = "CN=evil\x1b[31mRED\x1b]0;title\x07 end";
	text_sanitize(out, sizeof out, in, sizeof in - 1);
	ck_assert_ptr_null(strchr(out, 0x1b));
	ck_assert_ptr_null(strchr(out, 0x07));
	ck_assert_str_eq(out, "CN=evil\\x1B[31mRED\\x1B]0;title\\x07 end");
	ck_assert(text_is_clean(out));
}
END_TEST

START_TEST(text_escapes_c1_and_bidi_controls)
{
	/* U+009B (CSI as C1), U+202E (RLO), U+2066 (LRI), U+200B (ZWSP) */
	const char in[] = "a\xc2\x9b" "b\xe2\x80\xae" "c\xe2\x81\xa6" "d\xe2\x80\x8b" "e";
	text_sanitize(out, sizeof out, in, sizeof in - 1);
	ck_assert_str_eq(out, "a\\u{009B}b\\u{202E}c\\u{2066}d\\u{200B}e");
}
END_TEST

START_TEST(text_replaces_invalid_utf8_bytes)
{
	/* truncated sequence, overlong '/', surrogate, lone continuation, 0xff */
	const char in[] = "x\xe2\x82" "y\xc0\xaf" "z\xed\xa0\x80" "w\x80\xff";
	text_sanitize(out, sizeof out, in, sizeof in - 1);
	ck_assert(text_is_clean(out));
	ck_assert_ptr_nonnull(strstr(out, "\\xE2\\x82y"));
	ck_assert_ptr_nonnull(strstr(out, "\\xC0\\xAFz"));
	ck_assert_ptr_nonnull(strstr(out, "\\x80\\xFF"));
}
END_TEST

START_TEST(text_keeps_valid_utf8_and_plain_text)
{
	const char in[] = "Zürich straße 東京 ok";
	text_sanitize(out, sizeof out, in, sizeof in - 1);
	ck_assert_str_eq(out, in);
	ck_assert_uint_eq(text_width("東京"), 4);
}
END_TEST

START_TEST(text_truncates_long_input_at_a_character_boundary)
{
	char in[4000];
	char small[16];
	memset(in, 'A', sizeof in);
	memcpy(in + 10, "ü", 2);
	text_sanitize(small, sizeof small, in, sizeof in);
	ck_assert_uint_le(strlen(small), sizeof small - 1);
	ck_assert_ptr_nonnull(strstr(small, "..."));
	ck_assert(text_is_clean(small));
	/* NUL bytes inside the input are shown, not taken as the end */
	text_sanitize(out, sizeof out, "a\0b", 3);
	ck_assert_str_eq(out, "a\\x00b");
}
END_TEST

START_TEST(text_survives_every_byte_value)
{
	unsigned char in[256];
	for (int i = 0; i < 256; i++)
		in[i] = (unsigned char)i;
	text_sanitize(out, sizeof out, in, sizeof in);
	ck_assert(text_is_clean(out));
	for (size_t i = 0; out[i]; i++)
		ck_assert((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
}
END_TEST

START_TEST(trace_caps_the_number_of_steps)
{
	struct trace *t = trace_new("flood");
	for (int i = 0; i < 100000; i++)
		trace_add_step(t, i, DIR_S2C, LAYER_ALERT, 7, "alert close_notify(0)", "warning %d", i);
	ck_assert_uint_eq(t->nsteps, TRACE_MAX_STEPS);
	ck_assert_str_eq(t->steps[TRACE_MAX_STEPS - 1].name, "more");
	ck_assert_uint_eq(t->steps_dropped, 100000 - TRACE_MAX_STEPS + 1);
	trace_free(t);
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("sanitize");
	tcase_add_test(tc, text_escapes_terminal_sequences);
	tcase_add_test(tc, text_escapes_c1_and_bidi_controls);
	tcase_add_test(tc, text_replaces_invalid_utf8_bytes);
	tcase_add_test(tc, text_keeps_valid_utf8_and_plain_text);
	tcase_add_test(tc, text_truncates_long_input_at_a_character_boundary);
	tcase_add_test(tc, text_survives_every_byte_value);
	tcase_add_test(tc, trace_caps_the_number_of_steps);
	suite_add_tcase(s, tc);
	return s;
}
TW_SUITE(text_suite, TW_UNIT)
