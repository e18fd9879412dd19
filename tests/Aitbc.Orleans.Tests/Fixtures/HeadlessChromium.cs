using PuppeteerSharp;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// One headless Chromium per test class: Debian's <c>chromium</c> package (or AITBC_CHROMIUM), driven by PuppeteerSharp
/// over the DevTools protocol. Nothing is downloaded: the tests run without network. Screenshots go to
/// TestResults/browser/ at the repository root, beside the test results.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public IBrowser Browser { get; private set; } = null!;

    public string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "TestResults", "browser");

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("AITBC_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : Candidates.FirstOrDefault(File.Exists)
              ?? throw new InvalidOperationException("No Chromium: install Debian's package (apt-get install -y chromium; .ci/run does) or set AITBC_CHROMIUM.");
        Directory.CreateDirectory(ScreenshotDirectory);
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = executable,
            // Root in CI containers needs --no-sandbox; a small /dev/shm needs the other.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-extensions"],
            Timeout = 120_000,
            ProtocolTimeout = 120_000,
        });
    }

    /// <summary>A page of the given size that records the page's script errors and failed console messages.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPage(int width = 1400, int height = 1600)
    {
        var page = await Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) { errors.Add(e.Message); } };
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                lock (errors)
                {
                    errors.Add($"{e.Message.Text} ({e.Message.Location?.URL})");
                }
            }
        };
        page.DefaultTimeout = 90_000;
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        return (page, errors);
    }

    public async Task Screenshot(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ScreenshotAsync(Path.Combine(ScreenshotDirectory, $"{name}.png"), new ScreenshotOptions { FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            Browser.Dispose();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aitbc.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
