using System.Text.Json.Nodes;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>help [command]</c>: every command's usage line, category and description; for one command its doc page
/// (doc/rpc/&lt;command&gt;.md, embedded) is the <c>verbose</c> text.
/// </summary>
internal sealed class HelpCommand(RpcCommandRegistry registry) : RpcCommand("help", "utility",
    "List available commands, or give the manual page of one command.",
    RpcParam.Optional("command", RpcParamType.Text, "the command to describe"))
{
    public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var entries = new JsonArray();
        if (arguments.TryGet<string>("command", out var name))
        {
            if (!registry.TryGet(name, out var command))
                throw new RpcException(RpcErrorCodes.MethodNotFound, $"Unknown command '{name}'");
            entries.Add(Entry(command, RpcDocs.TryGetPage(command.Name) ?? command.Description));
        }
        else
        {
            foreach (var command in registry.All)
                entries.Add(Entry(command, command.Description));
        }
        return Task.FromResult(new JsonObject { ["help"] = entries });
    }

    private static JsonObject Entry(RpcCommand command, string verbose) => new()
    {
        ["command"] = command.Usage,
        ["category"] = command.Category,
        ["description"] = command.Description,
        ["verbose"] = verbose,
    };
}
