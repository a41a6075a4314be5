namespace Fulgur.Node.Tests.Support;

/// <summary>Waiting on a condition with a deadline (never sleeping and hoping): the one polling loop the test fixtures share.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="probe"/> until <paramref name="condition"/> holds and returns that value; at the deadline
    /// the test fails naming <paramref name="what"/>, the last value and whatever <paramref name="diagnostics"/> adds.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan timeout,
        TimeSpan? interval = null, Func<string>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(condition);
        using var cts = new CancellationTokenSource(timeout);
        T last = default!;
        while (!cts.IsCancellationRequested)
        {
            last = await probe();
            if (condition(last))
                return last;
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
        Assert.Fail($"timed out waiting for {what}; last: {last}{diagnostics?.Invoke()}");
        return last;
    }
}
