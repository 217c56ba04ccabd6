package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cruscotto/exporter/clienttest"
)

// browserFor starts Debian's headless Chromium for test t, in folder dir,
// with opts added to the defaults, and stops it when the test ends — or
// after four minutes, so that a stuck browser fails the test rather than
// hanging CI. It returns the browser's context and the folder for the
// test's screenshots: $CRUSCOTTO_SCREENSHOTS to keep them, else one in
// dir. Skipped by -short.
func browserFor(t *testing.T, dir string, opts ...chromedp.ExecAllocatorOption) (context.Context, string) {
	t.Helper()
	clienttest.SkipShort(t)
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Fatal("Chromium not found: install Debian's chromium (.ci/install)")
	}
	shots := filepath.Join(dir, "schermate")
	if keep := os.Getenv("CRUSCOTTO_SCREENSHOTS"); keep != "" {
		shots = keep // to look at them after the test
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	all := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("lang", "it-IT"), chromedp.Env("LANG=it_IT.UTF-8", "LANGUAGE=it"), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.UserDataDir(filepath.Join(dir, "chromium")))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(all, opts...)...)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	go func() {
		select {
		case <-time.After(4 * time.Minute):
			cancel()
		case <-bctx.Done():
		}
	}()
	return bctx, shots
}

// shotWidths saves the page at each width (900 px tall) in folder shots,
// as name-1366.png, name-390.png…, then goes back to the first width.
func shotWidths(shots, name string, widths ...int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, w := range widths {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900)); err != nil {
				return err
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%d.png", name, w)), png, 0o644); err != nil {
				return err
			}
		}
		return chromedp.Do(ctx, chromedp.EmulateViewport(widths[0], 900))
	})
}

// logIn logs user in on the service at base with its password, as a
// person does on the log-in page.
func logIn(base, user, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/accesso"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.logout`)),
	)
}

// openForCollection opens plan id to the units from its page, as the
// Controller does once a plan is checked: state «in raccolta».
func openForCollection(base string, id int64) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(fmt.Sprintf("%s/piani/%d", base, id)),
		chromedp.WaitVisible(chromedp.CSS(`form.state-form select[name=state]`)),
		chromedp.SetValue(chromedp.CSS(`form.state-form select[name=state]`), "raccolta"),
		chromedp.Click(chromedp.CSS(`form.state-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.chip.state-raccolta`)),
	)
}
