using System.Diagnostics.CodeAnalysis;

namespace Fulgur.Node.Rpc;

/// <summary>
/// Every command the node answers, by name. Components add their commands while the node is composed
/// (<see cref="NodeHost"/>); after the RPC server starts the set no longer changes.
/// </summary>
public sealed class RpcCommandRegistry
{
    private readonly Dictionary<string, RpcCommand> _commands = new(StringComparer.Ordinal);

    public void Add(RpcCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!_commands.TryAdd(command.Name, command))
            throw new InvalidOperationException($"command '{command.Name}' is registered twice");
        foreach (var p in command.Parameters)
        {
            if (command.Parameters.Count(q => q.Answers(p.Name) || p.Aliases.Any(q.Answers)) != 1)
                throw new InvalidOperationException($"command '{command.Name}': parameter name or alias '{p.Name}' is ambiguous");
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out RpcCommand? command) => _commands.TryGetValue(name, out command);

    /// <summary>Commands in name order.</summary>
    public IReadOnlyList<RpcCommand> All => [.. _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];
}
