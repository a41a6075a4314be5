namespace Fulgur.Node;

/// <summary>Lets the <c>stop</c> command (or a signal) ask the host to shut down; the host waits on <see cref="StopRequested"/>.</summary>
public sealed class NodeLifetime
{
    private readonly TaskCompletionSource<string> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the reason once a stop was requested.</summary>
    public Task<string> StopRequested => _stop.Task;

    public void RequestStop(string reason) => _stop.TrySetResult(reason);
}
