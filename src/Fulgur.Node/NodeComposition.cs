using Fulgur.Node.Rpc.Commands;

namespace Fulgur.Node;

/// <summary>
/// The one place the node's parts are wired together: each component is constructed here from the
/// <see cref="NodeContext"/>, adds its RPC commands to the registry, and is returned to be started (in this order) and
/// stopped (in reverse) by <see cref="NodeHost"/>. New components (peers under Peers/, the chain watcher, …) are
/// added here.
/// </summary>
internal static class NodeComposition
{
    public static IReadOnlyList<INodeComponent> Compose(NodeContext context)
    {
        var commands = context.Commands;
        commands.Add(new GetInfoCommand(context.Identity, context.Config, context.Status));
        commands.Add(new HelpCommand(commands));
        commands.Add(new StopCommand(context.Lifetime));
        commands.Add(new ListConfigsCommand(context.Config, context.Identity));
        return [];
    }
}
