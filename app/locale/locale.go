// Package locale settles, before Fyne reads it, a locale setting that Fyne
// cannot parse. Fyne takes the language from LC_ALL, LC_MESSAGES or LANG
// and knows the plain "C" and "POSIX" locales, but not their variants with
// an encoding, such as the "C.UTF-8" of many minimal systems: for those it
// logs "Error parsing user locale C" on every start, in every command.
//
// Importing the package is enough: its init runs before Fyne's, because
// it imports nothing but the standard library and its import path sorts
// before Fyne's.
package locale

import (
	"os"
	"strings"
)

func init() { settle(os.Getenv, os.Setenv) }

// settle sets LANGUAGE to English when the locale in force is C or POSIX
// with an encoding and LANGUAGE is not set: C means untranslated text,
// which is English, and Fyne reads LANGUAGE before it parses the locale.
func settle(getenv func(string) string, setenv func(string, string) error) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		lang, _, _ := strings.Cut(v, ".")
		if lang != v && (lang == "C" || lang == "POSIX") && getenv("LANGUAGE") == "" {
			_ = setenv("LANGUAGE", "en") // only fails for names with '=' or NUL
		}
		return
	}
}
