package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"alama/annotate"
	"alama/app"
	"alama/store"
)

// command is one subcommand of the alama binary. commands lists them
// all; each is declared beside its run function:
//
//	var searchCommand = command{
//		name:     "search",
//		synopsis: "search PATTERN: find text in every document",
//		run:      runSearch,
//	}
//
// run gets the arguments after the command name. It parses them with
// e.flags, which adds -project; opens the project with e.open; writes its
// output to e.stdout and diagnostics to e.stderr. A returned error is
// printed as "alama NAME: ERROR" and makes the exit status 1; errFailed
// sets the status without printing (the command reported already); a flag
// error from e.flags sets status 2.
type command struct {
	name     string
	synopsis string
	run      func(e *env, args []string) error
}

// commands is the table of subcommands; help lists them sorted by name.
func commands() []command {
	return []command{
		guiCommand,
		{name: "help", synopsis: "help: list the commands", run: func(e *env, _ []string) error {
			usage(e.stdout)
			return nil
		}},
		importCommand,
		exportCommand,
		listCommand,
		statsCommand,
		checkCommand,
		searchCommand,
		preannotateCommand,
		deleteCommand,
		schemaCommand,
		restoreCommand,
		bundleCommand,
		agreeCommand,
		curateCommand,
		scoreCommand,
		trainCommand,
		suggestCommand,
	}
}

var (
	// errFailed ends a command with status 1 when it has reported its
	// failures itself.
	errFailed = errors.New("failed")
	// errUsage ends a command with status 2 after a usage message.
	errUsage = errors.New("usage")
)

// env is what a command runs with: standard streams, a clock and the
// window opener.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	window         Window
	// opened are the projects open opened for writing, whose daily
	// backup run tells of once the command is over.
	opened []annotate.Project
}

// Window opens the annotation window on project p, stored at path, and
// returns when the window is closed. The window owns p from then on and
// closes it. A non-empty annotator is the name recorded on edits. byDefault
// says p is the default project, chosen for want of -project.
type Window func(p annotate.Project, path, annotator string, byDefault bool) error

// Run runs the alama command line on args (without the program name) and
// returns the exit status. With no command (or only flags) it opens the
// window with window; a nil window makes that command fail.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, window Window) int {
	return run(&env{stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now, window: window}, args)
}

func run(e *env, args []string) int {
	name := "gui"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if len(args) > 0 && slices.Contains([]string{"-h", "-help", "--help"}, args[0]) && name == "gui" {
		name, args = "help", nil
	}
	table := commands()
	i := slices.IndexFunc(table, func(c command) bool { return c.name == name })
	if i < 0 {
		fmt.Fprintf(e.stderr, "alama: unknown command %q\n", name)
		usage(e.stderr)
		return 2
	}
	err := table[i].run(e, args)
	e.tellBackups()
	switch {
	case err == nil || errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errFailed):
		return 1
	}
	fmt.Fprintf(e.stderr, "alama %s: %v\n", name, err)
	return 1
}

// usage lists the commands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: alama [COMMAND] [-project FILE] [ARGS]")
	fmt.Fprintln(w, "Without a command alama opens the annotation window. Commands:")
	sorted := commands()
	slices.SortFunc(sorted, func(a, b command) int { return strings.Compare(a.name, b.name) })
	for _, c := range sorted {
		fmt.Fprintf(w, "  %s\n", c.synopsis)
	}
	fmt.Fprintln(w, "Every command takes -project FILE; the default project lives in the user data folder.")
}

// projectFlags is a command's flag set with the -project flag every
// command takes.
type projectFlags struct {
	*flag.FlagSet
	project string
}

// flags returns a flag set for command name whose errors go to stderr.
// synopsis is printed by -h above the flags.
func (e *env) flags(name, synopsis string) *projectFlags {
	f := &projectFlags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	f.SetOutput(e.stderr)
	f.StringVar(&f.project, "project", "", "project `FILE` (default: the default project in the user data folder)")
	f.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: alama %s\n", synopsis)
		f.PrintDefaults()
	}
	return f
}

// parse parses args, turning a flag error into errUsage (the flag package
// has printed it) and -h into a clean exit.
func (f *projectFlags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	return nil
}

// errHelp ends a command, with status 0, that printed its help on request.
var errHelp = errors.New("help shown")

// open opens the project named by -project, or the default project,
// with app.Open: a project file that does not exist is created when
// create is set, and seeded with the sample articles when seedNew is; an
// existing file is never replaced. A damaged or foreign file's error
// points to the project's backups.
func (e *env) open(f *projectFlags, create, seedNew bool) (*store.Project, error) {
	p, err := app.Open(f.project, create, seedNew, func(path string) (*store.Project, error) {
		return store.Open(path, store.Options{Now: e.now})
	})
	if err != nil {
		return nil, restoreHint(f, err)
	}
	e.opened = append(e.opened, p)
	return p, nil
}

// tellBackups says on stderr, once for each project the command opened
// for writing, that the day's backup could not be made (a backup folder
// that cannot be created, a full disk), as the window does.
func (e *env) tellBackups() {
	for _, p := range e.opened {
		if err := p.BackupErr(); err != nil {
			fmt.Fprintf(e.stderr, "alama: today's backup of the project could not be made; your work is saved all the same: %v\n", err)
		}
	}
	e.opened = nil
}

// openRead opens the project for a command that only reads it:
// read-only, so other readers may share it, nothing is migrated and no
// daily backup is made (commands that write make it), and the answer
// comes first. A project file that does not exist yet, is empty, or that
// an open for writing must bring up to date first (store.ErrNeedsWrite)
// is opened as open does. A file this user cannot write is read all the
// same, with a note on stderr.
func (e *env) openRead(f *projectFlags) (*store.Project, error) {
	path, err := projectPath(f)
	if err != nil {
		return nil, err
	}
	if info, serr := os.Stat(path); serr == nil && info.Mode().IsRegular() && info.Size() > 0 {
		p, err := store.Open(path, store.Options{Now: e.now, ReadOnly: true})
		if err == nil {
			if w, werr := os.OpenFile(path, os.O_WRONLY, 0); errors.Is(werr, fs.ErrPermission) {
				fmt.Fprintf(e.stderr, "alama: %s cannot be written by this user: opened read-only\n", path)
			} else if werr == nil {
				_ = w.Close()
			}
			return p, nil
		}
		if !errors.Is(err, store.ErrNeedsWrite) {
			return nil, restoreHint(f, err)
		}
	}
	return e.open(f, false, false)
}

// projectPath is the project file -project names, or the default one.
func projectPath(f *projectFlags) (string, error) {
	if f.project != "" {
		return f.project, nil
	}
	return app.DefaultProjectPath()
}

// restoreHint adds to the error of opening a damaged or foreign project
// file how to list its backups, if it has any.
func restoreHint(f *projectFlags, err error) error {
	if !errors.Is(err, store.ErrDamaged) && !errors.Is(err, store.ErrNotProject) {
		return err
	}
	path, perr := projectPath(f)
	if perr != nil {
		return err
	}
	if info, serr := os.Stat(path); serr != nil || info.IsDir() {
		return err
	}
	backups, berr := store.Backups(path)
	if berr != nil || len(backups) == 0 {
		return err
	}
	cmd := "alama restore -list"
	if f.project != "" {
		cmd += " -project " + quoteArg(path)
	}
	return fmt.Errorf("%w; it has %s: see %s", err, counted(len(backups), "backup"), cmd)
}

// quoteArg quotes s for a POSIX shell if it holds anything but letters,
// digits and a few safe punctuation marks.
func quoteArg(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("/._-+,:@", r)
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// progress prints a line like "imported 4,210/10,000 files" on stderr
// about once a second, starting after the first second.
type progress struct {
	e     *env
	verb  string // "imported"
	noun  string // "files"
	total int
	start time.Time
	last  time.Time
}

func (e *env) progress(verb, noun string, total int) *progress {
	now := e.now()
	return &progress{e: e, verb: verb, noun: noun, total: total, start: now, last: now}
}

// update reports that done items are finished.
func (p *progress) update(done int) {
	now := p.e.now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < time.Second {
		return
	}
	p.last = now
	fmt.Fprintf(p.e.stderr, "%s %s/%s %s\n", p.verb, thousands(done), thousands(p.total), p.noun)
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// counted formats n and a noun, adding "s" unless n is 1: "1 file",
// "4,210 files".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// cell returns s with its control characters (tab, newline, escape and
// the rest of Unicode's Cc) written as escapes, so a value in a table
// cannot break its row or send the terminal a command.
func cell(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cells applies cell to each of ss.
func cells(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = cell(s)
	}
	return out
}

// leftOut tells, on stderr, of each document a command left out because
// its record could not be read (err an *app.Unreadable, or holding one),
// naming it by id and, when the document list can still read it, by
// title, and returns errFailed: the command has written what it could
// and ends with status 1. Any other error is returned as it is.
func (e *env) leftOut(cmd string, p annotate.Project, err error) error {
	var u *app.Unreadable
	if !errors.As(err, &u) {
		return err
	}
	titles := map[uint64]string{}
	infos, _ := p.Documents() // the readable part of the list
	for _, in := range infos {
		titles[in.ID] = in.Title
	}
	docs := map[uint64]bool{} // a document may have several bad records
	others := 0
	for _, de := range u.Errs {
		var ue *annotate.UnreadableError
		title := ""
		if errors.As(de, &ue) {
			docs[ue.ID] = true
			if titles[ue.ID] != "" {
				title = " (" + cell(annotate.Quote(titles[ue.ID])) + ")"
			}
		} else {
			others++
		}
		fmt.Fprintf(e.stderr, "alama %s: left out, cannot be read%s: %s\n", cmd, title, cell(de.Error()))
	}
	fmt.Fprintf(e.stderr, "alama %s: records of %s could not be read and were left out; alama check lists what is damaged, alama restore -list the backups\n",
		cmd, counted(len(docs)+others, "document"))
	return errFailed
}
