namespace Fulgur.Node.Peers;

/// <summary>A token bucket over the injected clock: a peer may send <c>burst</c> messages at once and <c>rate</c> per second on average.</summary>
internal sealed class MessageRateLimiter(double ratePerSecond, int burst, TimeProvider clock)
{
    private double _tokens = burst;
    private long _last = clock.GetTimestamp();

    /// <summary>Takes one token; false when the peer is over its rate.</summary>
    public bool TryTake()
    {
        var now = clock.GetTimestamp();
        var elapsed = clock.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        _tokens = Math.Min(burst, _tokens + elapsed * ratePerSecond);
        if (_tokens < 1)
            return false;
        _tokens -= 1;
        return true;
    }
}
