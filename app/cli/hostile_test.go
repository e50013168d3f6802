package cli

// More of the hostile catalogue: project files cut to nothing, damaged
// page by page, or not writable by the user.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/annotate/bundle"
	"alama/annotate/format"
	"alama/store"
)

// TestEmptyProjectFileIsDamaged: an existing empty file (a project another
// program cut to 0 bytes) is reported as damaged by every command, with
// the way to its backups, and stays as it is; only a missing path makes a
// new project.
func TestEmptyProjectFileIsDamaged(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	dailyBackup(t, project)
	if err := os.Truncate(project, 0); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"list"}, {"stats"}, {"check"}, {"export", "-o", "-"}, {"search", "الوزير"},
		{"import", filepath.Join("testdata", "articles", "01-port.txt")},
	} {
		code, out, errOut := cli(t, append([]string{args[0], "-project", project}, args[1:]...)...)
		if code != 1 || out != "" {
			t.Errorf("%s: exit %d, stdout %q", args[0], code, out)
		}
		want := fmt.Sprintf("project %s is damaged: the file is empty (0 bytes); it has 1 backup: see alama restore -list -project %s", project, project)
		if !strings.Contains(errOut, want) {
			t.Errorf("%s: stderr does not say %q:\n%s", args[0], want, errOut)
		}
	}
	if info, err := os.Stat(project); err != nil || info.Size() != 0 {
		t.Errorf("the empty file changed: %v, %v", info.Size(), err)
	}
	out := mustCLI(t, "restore", "-project", project, "1")
	if !strings.Contains(out, "restored "+project) {
		t.Errorf("restore said %q", out)
	}
	if out := mustCLI(t, "list", "-project", project); !strings.Contains(out, "ارتفاع سعر الخبز") {
		t.Errorf("the restored project lists:\n%s", out)
	}
}

// damagePages writes random bytes at random places in the first 64 bytes
// of three pages past bbolt's two meta pages of the project file data.
func damagePages(data []byte, seed uint64) []byte {
	pageSize := int64(binary.LittleEndian.Uint32(data[16+8:]))
	r := rand.New(rand.NewPCG(seed, 1))
	c := bytes.Clone(data)
	pages := int64(len(data)) / pageSize
	for range 3 {
		at := (2+r.Int64N(pages-2))*pageSize + r.Int64N(64)
		for i := range int64(1 + r.IntN(16)) {
			c[at+i] = byte(r.Uint32())
		}
	}
	return c
}

// TestCheckDamagedPages: `check` on a project, and `restore` from a
// backup, whose pages hold random bytes. bbolt's consistency check follows
// what the pages say through the memory map; before the page tree was
// checked with bounded reads, seeds 16 and 23 here ended the process with
// "fatal error: fault" and a stack trace, and the whole test ran for five
// minutes. Each command runs in its own process, so such a crash shows as
// the exit status.
func TestCheckDamagedPages(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	data, err := os.ReadFile(project)
	if err != nil {
		t.Fatal(err)
	}
	data = data[:usedBytes(t, project)]
	dir := t.TempDir()
	reported := 0
	for seed := range uint64(24) {
		damaged := filepath.Join(dir, fmt.Sprintf("damaged-%d.alama", seed))
		if err := os.WriteFile(damaged, damagePages(data, seed), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := cliProcess(t, "check", "-project", damaged)
		if code == 0 && strings.Contains(out, "no problems found") {
			continue // the bytes fell on free pages
		}
		if code != 1 || strings.Contains(errOut, "fatal error") || strings.Contains(errOut, "goroutine") {
			t.Errorf("seed %d: check: exit %d\n%s%s", seed, code, out, errOut)
		}
		if strings.Contains(out, "database pages: page") {
			reported++
		}
		backup := filepath.Join(store.BackupDir(project), "20200101T000000Z.alama")
		if err := os.MkdirAll(filepath.Dir(backup), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(damaged, backup); err != nil {
			t.Fatal(err)
		}
		code, _, errOut = cliProcess(t, "restore", "-project", project, backup)
		if code != 1 || !strings.Contains(errOut, "restore from "+backup) || strings.Contains(errOut, "fatal error") {
			t.Errorf("seed %d: restore: exit %d\n%s", seed, code, errOut)
		}
	}
	if reported == 0 {
		t.Error("no seed damaged the page tree")
	}
	if out := mustCLI(t, "check", "-project", project); !strings.Contains(out, "no problems found") {
		t.Errorf("the project itself: %s", out)
	}
}

// asReader runs the command line in its own process as a user who may read
// but not write the project: as root, the user nobody (root writes any
// file); otherwise this user with the file made read-only.
func asReader(t *testing.T, project string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCmd(t, asOther(t, project, args...))
}

// asOther prepares the command line to run in its own process as another
// user than root: as root, the user nobody, who must then be able to run
// the test binary and reach the project; otherwise this user. The
// project's folder and those above it are made readable by all.
func asOther(t *testing.T, project string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if os.Geteuid() == 0 {
		bin := filepath.Join(filepath.Dir(project), "alama.test")
		data, err := os.ReadFile(os.Args[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			t.Fatal(err)
		}
		for dir := filepath.Dir(project); dir != "/" && dir != os.TempDir(); dir = filepath.Dir(dir) {
			if err := os.Chmod(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		cmd = exec.Command(bin, "-test.run=^$")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		cmd.Dir = filepath.Dir(project)
	}
	list, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), runCLIEnv+"="+string(list), "HOME="+filepath.Dir(project), "XDG_DATA_HOME="+filepath.Dir(project))
	return cmd
}

// nobody is the user and group id asOther runs as under root.
const nobody = 65534

// runCmd runs cmd and returns its exit status and output.
func runCmd(t *testing.T, cmd *exec.Cmd) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errOut.String()
}

// TestReadOnlyProjectFile: a project file the user cannot write is read by
// the commands that only read (opened read-only, with a note), and refused
// by those that write, unchanged.
func TestReadOnlyProjectFile(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	want := projectState(t, project)
	if err := os.Chmod(project, 0o444); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(project)
	if err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(filepath.Dir(project), "out")
	if err := os.Mkdir(outDir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(outDir, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"list"}, {"stats"}, {"check"}, {"search", "الوزير"}, {"export", "-o", "-"},
		{"agree"}, {"score", "-gold", "amal", "-annotator", "huda"},
		{"bundle", "-annotator", "amal", "-o", filepath.Join(outDir, "amal.zip")},
	} {
		code, out, errOut := asReader(t, project, append([]string{args[0], "-project", project}, args[1:]...)...)
		if code != 0 || out == "" {
			t.Errorf("%s: exit %d\n%s", args[0], code, errOut)
		}
		if !strings.Contains(errOut, project+" cannot be written by this user: opened read-only") {
			t.Errorf("%s: no note on stderr:\n%s", args[0], errOut)
		}
	}
	code, out, errOut := asReader(t, project, "list", "-project", project, "-json")
	if code != 0 || !strings.Contains(want, out) {
		t.Errorf("list -json as a reader: exit %d\n%s", code, errOut)
	}
	// The window opens it read-only (and says so over the article).
	code, out, errOut = asReader(t, project, "gui", "-project", project, "-annotator", "huda")
	if code != 0 || out != "window on "+project+", read-only true\n" {
		t.Errorf("gui as a reader: exit %d, %q\n%s", code, out, errOut)
	}
	article := writeGenerated(t, filepath.Dir(project), "new.txt", []byte("خبرٌ جديد لم يُستورد بعد.\n"))
	code, _, errOut = asReader(t, project, "import", "-project", project, article)
	if code != 1 || !strings.Contains(errOut, "permission denied") {
		t.Errorf("import: exit %d\n%s", code, errOut)
	}
	if after, err := os.ReadFile(project); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the project changed (%v)", err)
	}
}

// TestHostileJSONText: JSON that encoding/json would take with a silent
// change (a lone surrogate escape becomes U+FFFD, the last of two equal
// keys wins) is refused with the file and line, and the project is left
// as it was.
func TestHostileJSONText(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	before := projectState(t, project)
	tests := []struct {
		name, file, body, want string
	}{
		{"lone high surrogate in JSONL text", "s.jsonl", "{\"id\":1,\"text\":\"نص سليم.\"}\n{\"id\":2,\"text\":\"نص \\ud800 مكسور\"}\n",
			`:2: byte 15: the string holds \ud800, half of a UTF-16 surrogate pair alone`},
		{"lone low surrogate in a title", "t.jsonl", "{\"id\":1,\"title\":\"\\udfff\",\"text\":\"نص.\"}\n", `:1: byte 16: the string holds \udfff`},
		{"duplicate text key", "d.jsonl", "{\"id\":1,\"text\":\"نص أول.\",\"text\":\"نص ثانٍ.\"}\n", `:1: byte 30: the key "text" appears twice in one object`},
		{"duplicate key in meta", "m.jsonl", "\n\n{\"id\":1,\"text\":\"نص.\",\"meta\":{\"src\":\"أ\",\"src\":\"ب\"}}\n", `:3: byte 42: the key "src" appears twice`},
		{"duplicate key in a Label Studio task", "ls.json", "[\n{\"data\":{\"text\":\"نص.\"},\n \"data\":{\"text\":\"آخر.\"}}\n]\n", `:3: the key "data" appears twice`},
		{"lone surrogate in doccano", "dc.jsonl", "{\"text\":\"\\ud83d\",\"label\":[]}\n", `:1: byte 8: the string holds \ud83d`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeGenerated(t, t.TempDir(), tt.file, []byte(tt.body))
			code, _, errOut := cli(t, "import", "-project", project, path)
			if code == 0 || !strings.Contains(errOut, path+tt.want) {
				t.Errorf("exit %d; stderr does not say %q:\n%s", code, path+tt.want, errOut)
			}
		})
	}
	if after := projectState(t, project); after != before {
		t.Errorf("the project changed")
	}
}

// TestOutputPaths: what -o (and -csv) will and will not replace. The
// project file, by any name, and its backup folder are refused with the
// project unchanged; a symbolic link is written through and stays; a named
// pipe is refused without blocking; a folder format refuses an existing
// file; a killed export's temporary files are cleaned up; no error shows
// a temporary name.
func TestOutputPaths(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	dailyBackup(t, project) // the backup folder
	dir := filepath.Dir(project)
	state := projectState(t, project)
	bytesBefore, err := os.ReadFile(project)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink("p.alama", link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.jsonl")
	if err := os.Link(project, hard); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	file := writeGenerated(t, dir, "notes.txt", []byte("ملاحظات لا تُمسّ\n"))
	backupDir := store.BackupDir(project)
	refused := []struct {
		name string
		args []string
		want string
	}{
		{"export onto the project", []string{"export", "-o", project}, project + " is the project file itself"},
		{"export onto a link to the project", []string{"export", "-o", link}, link + " is the project file itself"},
		{"export onto a hard link of the project", []string{"export", "-o", hard}, hard + " is the project file itself"},
		{"export with a split onto the project", []string{"export", "-split", "80,10,10", "-o", filepath.Join(dir, "p.alama")}, "is the project file itself"},
		{"bundle onto the project", []string{"bundle", "-annotator", "amal", "-o", project}, project + " is the project file itself"},
		{"score CSV onto the project", []string{"score", "-gold", "amal", "-annotator", "huda", "-csv", project}, project + " is the project file itself"},
		{"export into the backup folder", []string{"export", "-o", filepath.Join(backupDir, "x.jsonl")}, "is in the project's backup folder"},
		{"folder export onto the backup folder", []string{"export", "-format", "brat", "-o", backupDir}, "is in the project's backup folder"},
		{"export onto a named pipe", []string{"export", "-o", fifo}, fifo + " is a named pipe (FIFO), not a regular file"},
		{"brat onto a file", []string{"export", "-format", "brat", "-o", file}, file + " is a file, and this export writes a folder"},
		{"webanno onto a file", []string{"export", "-format", "webanno", "-o", file}, file + " is a file"},
		{"hf onto a file", []string{"export", "-format", "hf", "-o", file}, file + " is a file"},
		{"jsonl onto a folder", []string{"export", "-o", dir}, dir + " is a folder"},
		{"export into a missing folder", []string{"export", "-o", filepath.Join(dir, "missing", "x.jsonl")}, filepath.Join(dir, "missing", "x.jsonl")},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			code, _, errOut := cli(t, append([]string{tt.args[0], "-project", project}, tt.args[1:]...)...)
			if code != 1 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d; stderr does not say %q:\n%s", code, tt.want, errOut)
			}
			if strings.Contains(errOut, ".tmp") {
				t.Errorf("stderr shows a temporary name:\n%s", errOut)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	if now, err := os.ReadFile(project); err != nil || !bytes.Equal(now, bytesBefore) {
		t.Fatalf("the project file changed (%v)", err)
	}
	if projectState(t, project) != state {
		t.Fatal("the project changed")
	}
	if now, err := os.ReadFile(file); err != nil || string(now) != "ملاحظات لا تُمسّ\n" {
		t.Errorf("the file changed: %q, %v", now, err)
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was replaced: %v", err)
	}

	t.Run("a link is written through", func(t *testing.T) {
		target := filepath.Join(dir, "target.jsonl")
		out := filepath.Join(dir, "out.jsonl")
		if err := os.Symlink("target.jsonl", out); err != nil {
			t.Fatal(err)
		}
		// Leftovers of an export killed half way: a process that ended.
		cmd := exec.Command("true")
		if err := cmd.Run(); err != nil {
			t.Fatal(err)
		}
		stale := filepath.Join(dir, fmt.Sprintf(".target.jsonl.%d-0.tmp", cmd.Process.Pid))
		writeGenerated(t, dir, filepath.Base(stale), []byte("half"))
		mustCLI(t, "export", "-project", project, "-o", out)
		if info, err := os.Lstat(out); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced: %v", err)
		}
		got, err := os.ReadFile(target)
		if err != nil || !strings.Contains(state, string(got)) || len(got) == 0 {
			t.Errorf("the link's target holds %d bytes (%v)", len(got), err)
		}
		if _, err := os.Stat(stale); err == nil {
			t.Error("the stale temporary file is still there")
		}
	})
	t.Run("- is standard output", func(t *testing.T) {
		if out := mustCLI(t, "export", "-project", project, "-o", "-"); !strings.Contains(state, out) {
			t.Error("export -o - differs from the export")
		}
		if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
			t.Error("a file named - was written")
		}
	})
	t.Run("restore through a link", func(t *testing.T) {
		plink := filepath.Join(dir, "project-link.alama")
		if err := os.Symlink("p.alama", plink); err != nil {
			t.Fatal(err)
		}
		backups, err := store.Backups(project)
		if err != nil || len(backups) == 0 {
			t.Fatalf("backups: %v, %v", backups, err)
		}
		mustCLI(t, "restore", "-project", plink, backups[0].Path)
		if info, err := os.Lstat(plink); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced by the backup: %v", err)
		}
		if out := mustCLI(t, "check", "-project", project); !strings.Contains(out, "no problems found") {
			t.Errorf("the restored project: %s", out)
		}
	})
}

// TestImportFolderWithAPipe: a named pipe in an imported folder is passed
// over with a warning, within a second, and the folder's files go in; a
// pipe named as an argument is refused without being opened.
func TestImportFolderWithAPipe(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	writeGenerated(t, dir, "a.txt", []byte("خبرٌ أول في المجلد.\n"))
	fifo := filepath.Join(dir, "b.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere.txt", filepath.Join(dir, "c.txt")); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(t.TempDir(), "p.alama")
	start := time.Now()
	code, out, errOut := cliProcess(t, "import", "-project", project, dir)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("import took %v", d)
	}
	if code != 0 || !strings.Contains(out, "imported 1 document") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{fifo + ": passed over: a named pipe (FIFO), not a regular file", filepath.Join(dir, "c.txt") + ": passed over: a link to nothing"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut)
		}
	}
	code, _, errOut = cliProcess(t, "import", "-project", project, fifo)
	if code != 1 || !strings.Contains(errOut, fifo+" is a named pipe (FIFO), not a file to import") {
		t.Errorf("named pipe as an argument: exit %d\n%s", code, errOut)
	}
}

// TestTablesEscapeControlCharacters: a title holding a terminal escape or
// a newline prints as escapes in `list`, one row per document.
func TestTablesEscapeControlCharacters(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	jsonl := writeGenerated(t, t.TempDir(), "c.jsonl",
		[]byte(`{"id":1,"title":"\u001b[2Jعنوان\nID  STATUS  مزيف","text":"نصٌّ عادي."}`+"\n"))
	mustCLI(t, "import", "-project", project, jsonl)
	out := mustCLI(t, "list", "-project", project)
	if strings.ContainsAny(out, "\x1b") || strings.Count(out, "\n") != 2 {
		t.Errorf("list prints control characters or extra rows:\n%q", out)
	}
	if !strings.Contains(out, `\x1b[2Jعنوان\nID  STATUS  مزيف`) {
		t.Errorf("list does not show the escapes:\n%s", out)
	}
}

// TestDeleteSameIDTwice: `delete 1 1` deletes one document and says so.
func TestDeleteSameIDTwice(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	out := mustCLI(t, "delete", "-project", project, "1", "1")
	if !strings.Contains(out, "deleted 1 document from") {
		t.Errorf("delete said %q", out)
	}
}

// TestLongValuesCutInErrors: a rejected 1 MB attribute value, a 10 KB
// label and a 10 KB span text are quoted in errors cut to a line.
func TestLongValuesCutInErrors(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	const text = "قال الوزير إن الاتفاق قريب."
	line := func(span string) []byte {
		return []byte(`{"id":1,"text":"` + text + `","spans":[` + span + `]}` + "\n")
	}
	dir := t.TempDir()
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{"1 MB attribute value", line(`{"id":1,"start":0,"end":3,"label":"ACTOR","attrs":{"type":"` + strings.Repeat("x", 1<<20) + `"}}`),
			`value "` + strings.Repeat("x", 80) + `"… not allowed`},
		{"10 KB label", line(`{"id":1,"start":0,"end":3,"label":"` + strings.Repeat("L", 10000) + `"}`),
			`label "` + strings.Repeat("L", 80) + `"…: unknown label`},
		{"10 KB span text", line(`{"id":1,"start":0,"end":3,"label":"ACTOR","text":"` + strings.Repeat("ن", 10000) + `"}`),
			`text "` + strings.Repeat("ن", 80) + `"… differs`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeGenerated(t, dir, "f.jsonl", tt.body)
			code, _, errOut := cli(t, "import", "-project", project, path)
			if code != 1 || !strings.Contains(errOut, tt.want) || len(errOut) > 1000 {
				t.Errorf("exit %d, %d bytes on stderr, want %q:\n%.600s", code, len(errOut), tt.want, errOut)
			}
		})
	}
}

// TestBratTabRoundTrip: a span whose text holds a TAB goes out to brat
// and comes back with the same offsets and text.
func TestBratTabRoundTrip(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "p.alama")
	src := writeGenerated(t, dir, "tab.jsonl", []byte(`{"id":1,"text":"قال\tالوزير إن الاتفاق قريب.","spans":[{"id":1,"start":0,"end":10,"label":"ACTOR","text":"قال\tالوزير"}]}`+"\n"))
	mustCLI(t, "import", "-project", project, src)
	out := filepath.Join(dir, "brat")
	mustCLI(t, "export", "-project", project, "-format", "brat", "-o", out)
	again := filepath.Join(dir, "again.alama")
	mustCLI(t, "import", "-project", again, out)
	got := mustCLI(t, "export", "-project", again, "-o", "-")
	if !strings.Contains(got, `"start":0,"end":10,"label":"ACTOR","text":"قال\tالوزير"`) {
		t.Errorf("the span came back as:\n%s", got)
	}
}

// TestImportAnnotatorWithControlCharacters: import -annotator refuses a
// layer name a bundle would refuse, before reading anything.
func TestImportAnnotatorWithControlCharacters(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	before := projectState(t, project)
	for _, name := range []string{"amal\x1b[2J", "amal\nhuda", " amal", "\x7f"} {
		code, _, errOut := cli(t, "import", "-project", project, "-annotator", name, filepath.Join("testdata", "annotated.jsonl"))
		if code != 1 || !strings.Contains(errOut, "has spaces around it or control characters") || strings.Contains(errOut, "\x1b") {
			t.Errorf("%q: exit %d\n%q", name, code, errOut)
		}
	}
	if projectState(t, project) != before {
		t.Error("the project changed")
	}
}

// TestFilesThatYieldNothing: an empty CoNLL file is a failed file (exit
// 1, named); so is a brat .ann written with spaces for tabs, whose lines
// all fail to read (its text is not imported without them). A brat
// document with an empty .ann, and one with a readable line among
// unreadable ones, go in (the latter with a warning per line kept).
func TestFilesThatYieldNothing(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "p.alama")
	empty := writeGenerated(t, dir, "empty.conll")
	code, _, errOut := cli(t, "import", "-project", project, empty)
	if code != 1 || !strings.Contains(errOut, empty+": the file holds nothing to import") {
		t.Errorf("empty CoNLL: exit %d\n%s", code, errOut)
	}
	brat := filepath.Join(dir, "brat")
	if err := os.Mkdir(brat, 0o755); err != nil {
		t.Fatal(err)
	}
	writeGenerated(t, brat, "a.txt", []byte("قال الوزير إن الاتفاق قريب.\n"))
	ann := writeGenerated(t, brat, "a.ann", []byte("T1 ACTOR 0 3 قال\nT2 ACTOR 4 10 الوزير\n"))
	before := projectState(t, project)
	code, out, errOut := cli(t, "import", "-project", project, brat)
	want := ann + ":1: none of the 2 annotation lines could be read (this one: text-bound annotation without a type and offsets); " +
		"brat separates an annotation's id, type and offsets, and text with tabs, and the file has none (saved with spaces?); " +
		"to import the text without its annotations, remove the .ann file"
	if code != 1 || !strings.Contains(errOut, want) || strings.Contains(errOut, "line kept") || !strings.Contains(errOut, "1 of 1 file not imported") {
		t.Errorf("brat with spaces: exit %d\n%s%s", code, out, errOut)
	}
	if projectState(t, project) != before {
		t.Error("the project changed")
	}
	writeGenerated(t, brat, "a.ann", nil)
	writeGenerated(t, brat, "b.txt", []byte("وصل الوفد إلى بغداد.\n"))
	writeGenerated(t, brat, "b.ann", []byte("T1\tACTOR 4 9\tالوفد\nE1\tEVENT:T1\n"))
	code, out, errOut = cli(t, "import", "-project", project, brat)
	if code != 0 || !strings.Contains(out, "imported 2 documents from 2 files") || !strings.Contains(errOut, "b.ann:2: event annotations are not supported; line kept") {
		t.Errorf("brat with an empty .ann and a partly readable one: exit %d\n%s%s", code, out, errOut)
	}
}

// dailyBackup makes the day's backup of project: an open for writing makes
// it (commands that only read make none).
func dailyBackup(t *testing.T, project string) {
	t.Helper()
	p, err := store.Open(project, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestBackupFolderCannotBeMade: when the day's backup cannot be made
// because its folder cannot be created (a file in its place, a parent
// folder the user cannot write), a command that writes says so once on
// stderr, does its work and succeeds; one that only reads makes no backup
// and says nothing.
func TestBackupFolderCannotBeMade(t *testing.T) {
	isolate(t)
	article := filepath.Join("testdata", "articles", "01-port.txt")
	const told = "alama: today's backup of the project could not be made; your work is saved all the same: back up project "
	t.Run("a file where the folder goes", func(t *testing.T) {
		project := filepath.Join(t.TempDir(), "p.alama")
		if err := os.WriteFile(store.BackupDir(project), []byte("not a folder"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := cli(t, "import", "-project", project, article)
		if code != 0 || !strings.Contains(out, "imported 1 document") {
			t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
		}
		mustCLI(t, "list", "-project", project)
		code, _, errOut = cli(t, "delete", "-project", project, "1")
		if code != 0 || strings.Count(errOut, told) != 1 || !strings.Contains(errOut, "not a directory") {
			t.Errorf("delete: exit %d, stderr:\n%s", code, errOut)
		}
		code, _, errOut = cli(t, "list", "-project", project)
		if code != 0 || errOut != "" {
			t.Errorf("list: exit %d, stderr:\n%s", code, errOut)
		}
	})
	t.Run("a read-only parent folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		project := filepath.Join(dir, "p.alama")
		p, err := store.Open(project, store.Options{KeepBackups: -1})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(article)
		if err != nil {
			t.Fatal(err)
		}
		copied := writeGenerated(t, dir, "a.txt", src)
		cmd := asOther(t, project, "import", "-project", project, copied)
		if os.Geteuid() == 0 {
			if err := os.Chown(project, nobody, nobody); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
		code, out, errOut := runCmd(t, cmd)
		if code != 0 || !strings.Contains(out, "imported 1 document") {
			t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
		}
		if strings.Count(errOut, told) != 1 || !strings.Contains(errOut, "permission denied") {
			t.Errorf("stderr does not say once that the backup failed:\n%s", errOut)
		}
		if _, err := os.Stat(store.BackupDir(project)); err == nil {
			t.Error("the backup folder was made")
		}
	})
}

// TestLongNamesRefused: a label or relation type name of 10,000 letters,
// or of 65, is refused by `schema add-label`, `schema add-relation`,
// `schema rename-label` and `import -add-labels`, saying why in a short
// message; the schema stays as it was. 64 letters are taken.
func TestLongNamesRefused(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	schema := mustCLI(t, "schema", "-project", project)
	dir := t.TempDir()
	for _, n := range []int{65, 10000} {
		long := strings.Repeat("L", n)
		said := fmt.Sprintf("%d characters long, at most 64 allowed", n)
		jsonl := writeGenerated(t, dir, "long.jsonl",
			[]byte(`{"id":1,"text":"قال الوزير إن الاتفاق قريب.","spans":[{"id":1,"start":0,"end":3,"label":"`+long+`"}]}`+"\n"))
		for _, args := range [][]string{
			{"schema", "add-label", long},
			{"schema", "add-relation", long},
			{"schema", "rename-label", "ACTOR", long},
			{"import", "-add-labels", jsonl},
		} {
			code, _, errOut := cli(t, append([]string{args[0], "-project", project}, args[1:]...)...)
			if code != 1 || !strings.Contains(errOut, said) || len(errOut) > 400 {
				t.Errorf("%s %d letters: exit %d, %d bytes on stderr:\n%.500s", args[1], n, code, len(errOut), errOut)
			}
		}
	}
	if got := mustCLI(t, "schema", "-project", project); got != schema {
		t.Errorf("the schema changed:\n%s", got)
	}
	mustCLI(t, "schema", "-project", project, "add-label", strings.Repeat("ن", 64))
}

// TestBundleWithTheSameTextTwice: a bundle whose documents.jsonl holds one
// text twice (the second copy with other spans) is refused naming both
// lines, and the project is left as it was; the bundle without the copy
// goes in with its totals right.
func TestBundleWithTheSameTextTwice(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	src := robustProject(t)
	p, err := store.Open(src, store.Options{KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*annotate.Document
	for d, err := range p.All() {
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	schema, err := p.Schema()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	again := docs[0].Clone()
	again.ID, again.ExtID = 999, ""
	again.Spans, again.Relations = again.Spans[:1], nil
	write := func(name string, docs ...*annotate.Document) string {
		var buf bytes.Buffer
		seq := func(yield func(*annotate.Document, error) bool) {
			for _, d := range docs {
				if !yield(d, nil) {
					return
				}
			}
		}
		if _, err := bundle.Write(&buf, "amal", time.Now(), schema, seq); err != nil {
			t.Fatal(err)
		}
		return writeGenerated(t, dir, name, buf.Bytes())
	}
	twice := write("twice.zip", docs[0], docs[1], again)
	project := filepath.Join(dir, "p.alama")
	mustCLI(t, "import", "-project", project, filepath.Join("testdata", "articles"))
	before := projectState(t, project)
	code, out, errOut := cli(t, "import", "-project", project, twice)
	if code != 1 || out != "" || !strings.Contains(errOut, twice+":documents.jsonl:3: the same text as line 1: a bundle holds each document once") ||
		!strings.Contains(errOut, "1 bundle not imported") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	if projectState(t, project) != before {
		t.Error("the project changed")
	}
	once := write("once.zip", docs[0], docs[1])
	var spans, rels int
	for _, d := range docs[:2] {
		l := bundle.Layer(d, "amal")
		spans, rels = spans+len(l.Spans), rels+len(l.Relations)
	}
	out = mustCLI(t, "import", "-project", project, once)
	want := fmt.Sprintf("as the layer of amal: 2 documents added, 0 replaced, 0 unchanged; %s and %s", counted(spans, "span"), counted(rels, "relation"))
	if spans == 0 || !strings.Contains(out, want) {
		t.Errorf("import said %q, want %q", out, want)
	}
}

// TestImportWindows1256: an article saved in Windows-1256 is refused with
// the file, the line of its first non-UTF-8 byte and the way to import
// it; -encoding cp1256 converts it, and spans found on the converted text
// sit on the right letters (text[start:end]).
func TestImportWindows1256(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "p.alama")
	article := filepath.Join("testdata", "hostile", "cp1256.txt")
	mustCLI(t, "import", "-project", project, filepath.Join("testdata", "articles"))
	before := projectState(t, project)
	code, _, errOut := cli(t, "import", "-project", project, article)
	want := article + ":2: not UTF-8: it looks like Windows-1256 (Arabic): import it with -encoding cp1256"
	if code != 1 || strings.Count(errOut, want) != 1 {
		t.Errorf("without -encoding: exit %d\n%s", code, errOut)
	}
	code, _, errOut = cli(t, "import", "-project", project, "-encoding", "koi8-r", article)
	if code != 1 || !strings.Contains(errOut, "-encoding koi8-r: unknown encoding (known: cp1256, windows-1256)") {
		t.Errorf("-encoding koi8-r: exit %d\n%s", code, errOut)
	}
	if projectState(t, project) != before {
		t.Fatal("the project changed")
	}
	out := mustCLI(t, "import", "-project", project, "-encoding", "cp1256", article)
	if !strings.Contains(out, "imported 1 document from 1 file") {
		t.Errorf("import said %q", out)
	}
	// Named as text, the same file is the same document: skipped.
	code, _, errOut = cli(t, "import", "-project", project, "-format", "text", "-encoding", "cp1256", article)
	if code != 0 || !strings.Contains(errOut, "skipped: a document with the same text is already in the project") {
		t.Errorf("-format text: exit %d\n%s", code, errOut)
	}
	places := writeGenerated(t, dir, "places.txt", []byte("بيروت\nالوفد\n"))
	mustCLI(t, "preannotate", "-project", project, "-gazetteer", places, "-label", "LOCATION")
	var found int
	for line := range strings.SplitSeq(mustCLI(t, "export", "-project", project, "-o", "-"), "\n") {
		var d struct {
			Text  string
			Spans []struct {
				Start, End int
				Text       string
			}
		}
		if line == "" || !strings.HasPrefix(line, `{"id"`) {
			continue
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(d.Text, "AFP 2024-03-01\nقالَ الوزيرُ في بيروت إنّ «الاتفاقَ قريب»، ") {
			continue
		}
		runes := []rune(d.Text)
		for _, s := range d.Spans {
			if got := string(runes[s.Start:s.End]); got != s.Text || got != "بيروت" && got != "الوفد" {
				t.Errorf("span [%d,%d) covers %q, says %q", s.Start, s.End, got, s.Text)
			}
			found++
		}
	}
	if found != 2 {
		t.Errorf("%d spans on the converted article, want 2", found)
	}
}

// TestUnreadableDocumentIsLeftOut: a document whose stored record cannot
// be read (damaged by hand here) is named on stderr by export in every
// format, stats, agree, score, curate and bundle, which finish the other
// documents and exit 1.
func TestUnreadableDocumentIsLeftOut(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	project := robustProject(t)
	listed := mustCLI(t, "list", "-project", project, "-json")
	total := strings.Count(listed, "\n")
	const bad = 3 // an article without spans: agree, score and curate have layers to compare
	var title string
	for _, line := range strings.Split(strings.TrimSpace(listed), "\n") {
		var e struct {
			ID    uint64
			Title string
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if e.ID == bad {
			title = e.Title
		}
	}
	db, err := bolt.Open(project, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("docs")).Put(binary.BigEndian.AppendUint64(nil, bad), []byte(`{"v":1,"title":`))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	// The document list still knows the title: the message names it.
	named := fmt.Sprintf(": left out, cannot be read (%s): document %d: ", annotate.Quote(title), bad)
	check := func(t *testing.T, what string, code int, errOut string) {
		t.Helper()
		if code != 1 || strings.Count(errOut, named) != 1 || !strings.Contains(errOut, "records of 1 document could not be read and were left out; alama check lists what is damaged") {
			t.Errorf("%s: exit %d\n%s", what, code, errOut)
		}
	}
	for _, name := range format.ExportFormats() {
		t.Run("export "+name, func(t *testing.T) {
			out := filepath.Join(dir, "export-"+name)
			code, _, errOut := cli(t, "export", "-project", project, "-format", name, "-o", out)
			check(t, "export", code, errOut)
			if want := fmt.Sprintf("exported %s", counted(total-1, "document")); !strings.Contains(errOut, want) {
				t.Errorf("the report does not say %q:\n%s", want, errOut)
			}
			if _, err := os.Stat(out); err != nil {
				t.Errorf("nothing written: %v", err)
			}
		})
	}
	t.Run("export to standard output", func(t *testing.T) {
		code, out, errOut := cli(t, "export", "-project", project, "-o", "-")
		check(t, "export -o -", code, errOut)
		if n := strings.Count(out, "\n"); n != total-1 {
			t.Errorf("%d documents written, want %d", n, total-1)
		}
	})
	t.Run("stats", func(t *testing.T) {
		code, out, errOut := cli(t, "stats", "-project", project)
		check(t, "stats", code, errOut)
		if f := strings.Fields(out); len(f) < 2 || f[0] != "documents" || f[1] != fmt.Sprint(total-1) {
			t.Errorf("stats:\n%s", out)
		}
	})
	for _, args := range [][]string{
		{"agree"},
		{"score", "-gold", "amal", "-annotator", "huda"},
		{"curate", "-auto"},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, out, errOut := cli(t, append([]string{args[0], "-project", project}, args[1:]...)...)
			check(t, args[0], code, errOut)
			if out == "" {
				t.Error("no report")
			}
		})
	}
	t.Run("bundle", func(t *testing.T) {
		zip := filepath.Join(dir, "amal.zip")
		code, out, errOut := cli(t, "bundle", "-project", project, "-annotator", "amal", "-o", zip)
		check(t, "bundle", code, errOut)
		if !strings.Contains(out, counted(total-1, "document")) {
			t.Errorf("bundle said %q", out)
		}
		again := filepath.Join(dir, "again.alama")
		if out := mustCLI(t, "import", "-project", again, zip); !strings.Contains(out, counted(total-1, "document")+" added") {
			t.Errorf("the bundle imports as %q", out)
		}
	})
}

// TestListGoesPastAnUnreadableDocument: list reads the list entries; one
// that cannot be read is taken from its document record, and a document
// neither can give is named on stderr while the others are listed, exit 1.
func TestListGoesPastAnUnreadableDocument(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	whole := mustCLI(t, "list", "-project", project)
	wholeJSON := mustCLI(t, "list", "-project", project, "-json")
	total := strings.Count(wholeJSON, "\n")
	const bad = 3
	damage := func(bucket string) {
		t.Helper()
		db, err := bolt.Open(project, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bucket)).Put(binary.BigEndian.AppendUint64(nil, bad), []byte(`{"v":1,"title":`))
		})
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	damage("list")
	t.Run("list entry only", func(t *testing.T) {
		code, out, errOut := cli(t, "list", "-project", project)
		if code != 0 || out != whole || errOut != "" {
			t.Errorf("exit %d, the list differs: %v\n%s", code, out != whole, errOut)
		}
	})
	damage("docs")
	named := fmt.Sprintf("alama list: left out, cannot be read: document %d: bad record", bad)
	for _, args := range [][]string{nil, {"-json"}} {
		t.Run("record and list entry "+strings.Join(args, ""), func(t *testing.T) {
			code, out, errOut := cli(t, append([]string{"list", "-project", project}, args...)...)
			if code != 1 || strings.Count(errOut, named) != 1 || !strings.Contains(errOut, "records of 1 document could not be read and were left out") {
				t.Errorf("exit %d\n%s", code, errOut)
			}
			rows := strings.Split(strings.TrimSpace(out), "\n")
			if args == nil {
				rows = rows[1:] // the heading
			}
			if len(rows) != total-1 {
				t.Errorf("%d documents listed, want %d:\n%s", len(rows), total-1, out)
			}
			for _, row := range rows {
				id := strings.Fields(row + " -")[0]
				if args != nil {
					var e struct{ ID uint64 }
					if err := json.Unmarshal([]byte(row), &e); err != nil {
						t.Fatal(err)
					}
					id = fmt.Sprint(e.ID)
				}
				if id == fmt.Sprint(bad) {
					t.Errorf("the unreadable document is listed: %s", row)
				}
			}
		})
	}
}

// TestJSONLRoundTripIsByteIdentical: an Alama JSONL file in the shape
// Alama writes (string and number ids, an emoji before the spans, meta
// with an integer past 2^53, a float, nested lists and objects, escapes)
// imports and exports back byte for byte. A record with Alama's spans or
// meta but without the keys only Alama writes is read as Alama JSONL: its
// spans stay spans and its meta is not wrapped in meta.
func TestJSONLRoundTripIsByteIdentical(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "p.alama")
	src := filepath.Join("testdata", "roundtrip.jsonl")
	mustCLI(t, "import", "-project", project, src)
	golden(t, "roundtrip.jsonl", mustCLI(t, "export", "-project", project, "-o", "-"))
	out := filepath.Join(dir, "out.jsonl")
	mustCLI(t, "export", "-project", project, "-o", out)
	want, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(out); err != nil || !bytes.Equal(got, want) {
		t.Errorf("export -o differs from the file imported (%v)", err)
	}

	partial := writeGenerated(t, dir, "partial.jsonl",
		[]byte(`{"id":9,"text":"قال الوزير إن الاتفاق قريب.","meta":{"source":"AFP"}}`+"\n"+
			`{"text":"وصل الوفد إلى عمّان.","meta":{},"spans":[{"start":4,"end":9,"label":"ACTOR"}]}`+"\n"))
	other := filepath.Join(dir, "other.alama")
	mustCLI(t, "import", "-project", other, partial)
	got := mustCLI(t, "export", "-project", other, "-o", "-")
	for _, want := range []string{
		`{"id":9,"title":"","text":"قال الوزير إن الاتفاق قريب.","meta":{"source":"AFP"},`,
		`"meta":{},"status":"new","doc_labels":[],"spans":[{"id":1,"start":4,"end":9,"label":"ACTOR","text":"الوفد",`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the partial records came back as\n%s\nwant a line with %s", got, want)
		}
	}
}

// TestLargeCoNLLBoundedMemory imports a generated CoNLL file of three
// million lines (some 9,300 documents of 300 tokens) in its own process
// and checks its peak resident memory: the documents go in batches of one
// import, so the peak does not grow with the file. The bound is some
// twice what it measures here (about 100 MB).
func TestLargeCoNLLBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a file of three million lines (some 20 seconds)")
	}
	const (
		lines     = 3_000_000
		peakBound = 250 << 20
	)
	dir := t.TempDir()
	name := filepath.Join(dir, "large.conll")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	words := strings.Fields("قال رئيس الوزراء في مؤتمر صحفي عقده مساء اليوم إن الحكومة ماضية في خطة الإصلاح")
	labels := []string{"ACTOR", "LOCATION", "EVENT"}
	r := rand.New(rand.NewPCG(15, 3))
	docs, spans := 0, 0
	for n := 0; n < lines; {
		w.WriteString("-DOCSTART- O\n\n")
		n += 2
		docs++
		for range 20 {
			for range 15 {
				tag := "O"
				if r.IntN(10) == 0 {
					tag = "B-" + labels[r.IntN(len(labels))]
					spans++
				}
				fmt.Fprintf(w, "%s %s\n", words[r.IntN(len(words))], tag)
			}
			w.WriteString("\n")
			n += 16
		}
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(dir, "p.alama")
	list, err := json.Marshal([]string{"import", "-project", project, name})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), runCLIEnv+"="+string(list), "HOME="+dir, "XDG_DATA_HOME="+dir)
	if code, _, stderr := runCmd(t, cmd); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no resource usage for the child on this system")
	}
	peak := int64(ru.Maxrss) * 1024 // kilobytes on Linux
	if peak > peakBound {
		t.Errorf("importing %d lines took %d MB at its peak, over %d MB", lines, peak>>20, peakBound>>20)
	}
	p, err := store.Open(project, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	gotDocs, gotSpans := 0, 0
	for d, err := range p.All() {
		if err != nil {
			t.Fatal(err)
		}
		gotDocs++
		gotSpans += len(d.Spans)
	}
	if gotDocs != docs || gotSpans != spans {
		t.Errorf("the project holds %d documents and %d spans, want %d and %d", gotDocs, gotSpans, docs, spans)
	}
	t.Logf("%d lines, %d documents: peak %d MB", lines, docs, peak>>20)
}

// TestAnnotatedFileInWindows1256: a CoNLL file saved in Windows-1256 (the
// annotation formats are read as UTF-8 only) fails with the reader's
// error and the hint to convert it.
func TestAnnotatedFileInWindows1256(t *testing.T) {
	isolate(t)
	project := filepath.Join(t.TempDir(), "p.alama")
	conll := filepath.Join("testdata", "hostile", "cp1256.conll")
	for _, args := range [][]string{{conll}, {"-encoding", "cp1256", conll}} {
		code, _, errOut := cli(t, append([]string{"import", "-project", project}, args...)...)
		if code != 1 || !strings.Contains(errOut, conll+":1: ") ||
			!strings.Contains(errOut, "(the file looks like Windows-1256, the Windows Arabic encoding: save it as UTF-8, with iconv -f CP1256 -t UTF-8 say, and import it again)") {
			t.Errorf("import %v: exit %d\n%s", args, code, errOut)
		}
	}
	code, _, errOut := cli(t, "import", "-project", project, filepath.Join("testdata", "hostile", "invalid-utf8.txt"))
	if code != 1 || strings.Contains(errOut, "Windows-1256") {
		t.Errorf("invalid UTF-8 that is not Windows-1256: exit %d\n%s", code, errOut)
	}
}

// TestStatsWithUnreadableSpans: two span records of one document that
// cannot be read are each named by stats and counted as one document's.
func TestStatsWithUnreadableSpans(t *testing.T) {
	isolate(t)
	project := robustProject(t)
	spans := func() int {
		t.Helper()
		code, out, _ := cli(t, "stats", "-project", project, "-json")
		var st struct{ Spans int }
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatalf("stats -json (exit %d): %v", code, err)
		}
		return st.Spans
	}
	before := spans()
	db, err := bolt.Open(project, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("spans"))
		c := b.Cursor()
		var keys [][]byte
		for k, _ := c.Seek(binary.BigEndian.AppendUint64(nil, 1)); k != nil && len(keys) < 2; k, _ = c.Next() {
			keys = append(keys, bytes.Clone(k))
		}
		for _, k := range keys {
			if err := b.Put(k, []byte(`{"v":1,"start":`)); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, "stats", "-project", project)
	if code != 1 || strings.Count(errOut, "left out, cannot be read") != 2 || !regexp.MustCompile(`: document 1: span \d+: bad record`).MatchString(errOut) ||
		!strings.Contains(errOut, "records of 1 document could not be read") {
		t.Errorf("stats: exit %d\n%s", code, errOut)
	}
	if after := spans(); after != before-2 {
		t.Errorf("%d spans counted, want %d", after, before-2)
	}
}
