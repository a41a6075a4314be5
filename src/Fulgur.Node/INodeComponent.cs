namespace Fulgur.Node;

/// <summary>
/// A long-running part of the node (peer listener, chain watcher, …). <see cref="NodeHost"/> starts components in the
/// order they were added, after storage and before the RPC server answers, and stops them in reverse order.
/// </summary>
public interface INodeComponent
{
    string Name { get; }
    Task StartAsync(CancellationToken cancellationToken);
    Task StopAsync(CancellationToken cancellationToken);
}
