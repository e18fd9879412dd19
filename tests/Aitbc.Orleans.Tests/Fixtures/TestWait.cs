namespace Aitbc.Orleans.Tests.Fixtures;

public static class TestWait
{
    /// <summary>Polls a condition until it holds or the timeout passes (then fails with the message).</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string? message = null)
    {
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
                Assert.Fail(message ?? $"condition not met within {timeout}");
            }

            await Task.Delay(200);
        }
    }
}
