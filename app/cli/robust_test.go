package cli

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/store"
)

// Variables that turn the test binary into another process: one that
// holds a project open until its stdin closes, or the alama command line
// itself, run with the JSON list of arguments the variable holds.
const (
	holdProjectEnv = "ALAMA_CLI_TEST_HOLD"
	runCLIEnv      = "ALAMA_CLI_TEST_ARGS"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(holdProjectEnv); path != "" {
		os.Exit(holdProject(path))
	}
	if args := os.Getenv(runCLIEnv); args != "" {
		var list []string
		if err := json.Unmarshal([]byte(args), &list); err != nil {
			os.Exit(3)
		}
		os.Exit(Run(list, os.Stdin, os.Stdout, os.Stderr, reportWindow))
	}
	os.Exit(m.Run())
}

// reportWindow is the window opener of the command line run in another
// process: it says on stdout which project it was given and whether that
// is read-only, and closes it.
func reportWindow(p annotate.Project, path, _ string, _ bool) error {
	fmt.Fprintf(os.Stdout, "window on %s, read-only %v\n", path, p.ReadOnly())
	return p.Close()
}

func holdProject(path string) int {
	p, err := store.Open(path, store.Options{})
	if err != nil {
		os.Stdout.WriteString("error: " + err.Error() + "\n")
		return 1
	}
	os.Stdout.WriteString("ready\n")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := p.Close(); err != nil {
		return 1
	}
	return 0
}

// holdOpen opens the project at path in another process, which keeps it
// open until the test ends.
func holdOpen(t *testing.T, path string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdProjectEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("holding process: %v", err)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("holding process said %q, %v", line, err)
	}
}

// cliProcess runs the command line in its own process.
func cliProcess(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	list, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), runCLIEnv+"="+string(list))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errOut.String()
}

// robustProject makes a project holding the annotated fixtures and the
// sample articles and returns its path.
func robustProject(t *testing.T) string {
	t.Helper()
	project := filepath.Join(t.TempDir(), "p.alama")
	mustCLI(t, "import", "-project", project, filepath.Join("testdata", "annotated.jsonl"), filepath.Join("testdata", "articles"))
	return project
}

// projectState is what the project shows: its list and its export.
func projectState(t *testing.T, project string) string {
	t.Helper()
	return mustCLI(t, "list", "-project", project, "-json") + mustCLI(t, "export", "-project", project, "-o", "-")
}

// usedBytes returns how much of a project file bbolt uses.
func usedBytes(t *testing.T, path string) int64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var used int64
	_ = db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	return used
}

// hostileFile makes one generated input of the catalogue in dir and
// returns its path.
type hostileFile func(t *testing.T, dir string) string

func committed(name string) hostileFile {
	return func(*testing.T, string) string { return filepath.Join("testdata", "hostile", name) }
}

// writeGenerated writes parts to dir/name and returns the path.
func writeGenerated(t *testing.T, dir, name string, parts ...[]byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range parts {
		if _, err := f.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestHostileImports runs the catalogue of broken and hostile files
// through import: each is refused with the file (and line) named, a
// non-zero exit, no panic, and the project as it was.
func TestHostileImports(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	before := projectState(t, project)
	tests := []struct {
		name string
		file hostileFile
		want string // in stderr, after the file's path
	}{
		{"invalid UTF-8", committed("invalid-utf8.txt"), ":2: invalid UTF-8"},
		{"NUL bytes", committed("nul-bytes.txt"), ":2: NUL byte"},
		{"one byte, half a letter", committed("one-byte.txt"), ":1: invalid UTF-8"},
		{"UTF-16 with a lone surrogate", committed("utf16-lone-surrogate.txt"), ":2: broken UTF-16"},
		{"UTF-16 JSONL", committed("utf16le-bom.jsonl"), ":1: the file is UTF-16"},
		{"brat span past the text", committed("brat-past-end.ann"), ":2: "},
		{"200 MB article", func(t *testing.T, dir string) string {
			path := writeGenerated(t, dir, "huge.txt", []byte("مقالٌ ضخم\n"))
			if err := os.Truncate(path, 200<<20); err != nil { // sparse: no disk used
				t.Fatal(err)
			}
			return path
		}, ": 200.0 MB is more than the 64.0 MB limit for one article"},
		{"empty folder", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "empty")
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
			return path
		}, ": no files to import"},
		{"50 MB JSON line", func(t *testing.T, dir string) string {
			body := bytes.Repeat([]byte("خبرٌ طويلٌ جدًّا "), 50<<20/31)
			return writeGenerated(t, dir, "long.jsonl",
				[]byte(`{"id":1,"title":"طويل","text":"`), body, []byte("\"\n"))
		}, ":1: "},
		{"JSON nested 100,000 deep", func(t *testing.T, dir string) string {
			return writeGenerated(t, dir, "nested.jsonl",
				[]byte(`{"id":1,"text":"نصٌّ","meta":{"x":`), bytes.Repeat([]byte("["), 100000),
				bytes.Repeat([]byte("]"), 100000), []byte("}}\n"))
		}, ":1: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.file(t, t.TempDir())
			code, _, errOut := cli(t, "import", "-project", project, path)
			if code == 0 {
				t.Fatalf("import succeeded:\n%s", errOut)
			}
			if !strings.Contains(errOut, path+tt.want) {
				t.Errorf("stderr does not say %q:\n%s", path+tt.want, errOut)
			}
			if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
				t.Errorf("stderr shows a panic:\n%s", errOut)
			}
			if after := projectState(t, project); after != before {
				t.Errorf("the project changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

// TestHostileProjectFiles opens broken project files with every command
// that reads a project: each fails naming the file, and leaves the file's
// bytes as they were.
func TestHostileProjectFiles(t *testing.T) {
	isolate(t)
	tests := []struct {
		name string
		file func(t *testing.T) string
		want string
	}{
		{"not a database", func(t *testing.T) string {
			data, err := os.ReadFile(filepath.Join("testdata", "hostile", "not-a-project.alama"))
			if err != nil {
				t.Fatal(err)
			}
			return writeGenerated(t, t.TempDir(), "text.alama", data)
		}, "is not an Alama project file"},
		{"truncated in the middle", func(t *testing.T) string {
			path := robustProject(t)
			if err := os.Truncate(path, usedBytes(t, path)/2); err != nil {
				t.Fatal(err)
			}
			return path
		}, "is damaged: truncated"},
		{"from a newer version", func(t *testing.T) string {
			path := robustProject(t)
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("meta")).Put([]byte("version"), binary.BigEndian.AppendUint64(nil, store.FormatVersion+1))
			})
			if cerr := db.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			return path
		}, "newer than this build of Alama reads"},
		{"a folder", func(t *testing.T) string { return t.TempDir() }, "is a folder, not an Alama project file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.file(t)
			var data []byte
			if info, err := os.Stat(path); err == nil && !info.IsDir() {
				data, _ = os.ReadFile(path)
			}
			for _, args := range [][]string{
				{"list"}, {"stats"}, {"check"}, {"export", "-o", "-"}, {"search", "الوزير"},
				{"import", filepath.Join("testdata", "articles", "01-port.txt")},
			} {
				code, _, errOut := cli(t, append([]string{args[0], "-project", path}, args[1:]...)...)
				if code == 0 {
					t.Errorf("%s succeeded", args[0])
				}
				if !strings.Contains(errOut, path) || !strings.Contains(errOut, tt.want) {
					t.Errorf("%s: stderr does not name the file and say %q:\n%s", args[0], tt.want, errOut)
				}
				if strings.Contains(errOut, "panic") {
					t.Errorf("%s: stderr shows a panic:\n%s", args[0], errOut)
				}
			}
			if data != nil {
				if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, data) {
					t.Errorf("the file changed (%v)", err)
				}
			}
			if _, err := os.Stat(store.BackupDir(path)); err == nil {
				t.Errorf("a backup folder was made for a file that is not a usable project")
			}
		})
	}
}

func TestImportConvertsUTF16(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	const want = "افتُتِحَ صباحَ اليومِ جسرٌ جديدٌ فوقَ النهرِ 🙂 بعد عامين من العمل.\nوقال المهندسُ المسؤولُ إنّ الجسرَ سيخفّفُ الزحامَ في وسطِ المدينة.\n"
	out := mustCLI(t, "import", "-project", project, filepath.Join("testdata", "hostile", "utf16le-bom.txt"))
	if !strings.Contains(out, "imported 1 document") {
		t.Errorf("import said %q", out)
	}
	// The big-endian file holds the same text (with LF, not CRLF): the
	// project already has it.
	code, _, errOut := cli(t, "import", "-project", project, filepath.Join("testdata", "hostile", "utf16be-bom.txt"))
	if code != 0 || !strings.Contains(errOut, "already in the project") {
		t.Errorf("second import: exit %d\n%s", code, errOut)
	}
	var doc struct{ Text string }
	if err := json.Unmarshal([]byte(mustCLI(t, "export", "-project", project, "-o", "-")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Text != want {
		t.Errorf("text %q, want %q", doc.Text, want)
	}
}

func TestImportCoNLLWithMixedSchemes(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	mustCLI(t, "import", "-project", project, filepath.Join("testdata", "hostile", "mixed-schemes.conll"))
	var doc struct {
		Spans []struct {
			Label, Text string
		}
	}
	if err := json.Unmarshal([]byte(mustCLI(t, "export", "-project", project, "-o", "-")), &doc); err != nil {
		t.Fatal(err)
	}
	// IOB2 and BIOES chunks read alike: B I, B E, S, B I.
	want := []string{"ACTOR التقى الرئيسُ", "ACTOR وزيرَ الخارجية", "LOCATION عمّان", "TIME يوم الأحد"}
	var got []string
	for _, s := range doc.Spans {
		got = append(got, s.Label+" "+s.Text)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("spans %q, want %q", got, want)
	}
}

// TestProjectOpenElsewhere checks what every command does while another
// process has the project open: it fails within about the open timeout
// (one second) saying so, and the project is untouched.
func TestProjectOpenElsewhere(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	before := projectState(t, project)
	// Registered first, so it runs after the holding process has closed
	// the project.
	t.Cleanup(func() {
		if after := projectState(t, project); after != before {
			t.Errorf("the project changed")
		}
	})
	holdOpen(t, project)
	want := "project " + project + " is open in another window"
	for _, args := range [][]string{
		{"list"}, {"stats"}, {"check"}, {"export", "-o", "-"}, {"search", "الوزير"},
		{"import", filepath.Join("testdata", "articles", "01-port.txt")}, {"restore", "1"},
	} {
		t.Run(args[0], func(t *testing.T) {
			start := time.Now()
			code, _, errOut := cli(t, append([]string{args[0], "-project", project}, args[1:]...)...)
			took := time.Since(start)
			if code != 1 || !strings.Contains(errOut, want) {
				t.Errorf("exit %d, stderr:\n%s", code, errOut)
			}
			if took > 3*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
	t.Run("another process", func(t *testing.T) {
		start := time.Now()
		code, _, errOut := cliProcess(t, "list", "-project", project)
		took := time.Since(start)
		if code != 1 || !strings.Contains(errOut, "alama list: "+want) {
			t.Errorf("exit %d, stderr:\n%s", code, errOut)
		}
		if took > 5*time.Second {
			t.Errorf("took %v", took)
		}
		t.Logf("a second process was told in %v", took.Round(time.Millisecond))
	})
}
