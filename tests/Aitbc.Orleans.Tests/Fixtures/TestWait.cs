namespace Aitbc.Orleans.Tests.Fixtures;

public static class TestWait
{
    /// <summary>Polls a condition until it holds or the timeout passes (then fails with the message).</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan timeout, string? message = null) =>
        Until(condition, timeout, () => Task.FromResult(message ?? $"condition not met within {timeout}"));

    /// <summary>
    /// Polls a condition until it holds or the timeout passes; then fails with what <paramref name="describe"/> says of
    /// the system at that moment, so a timeout on a loaded CI machine tells where it stood rather than only that it waited.
    /// </summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The system under test may be restarting; keep polling until the deadline.
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail(await describe());
            }

            await Task.Delay(200);
        }
    }
}
