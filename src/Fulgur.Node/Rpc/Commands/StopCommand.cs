using System.Text.Json.Nodes;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>stop</c>: answers, then the node shuts down cleanly and fulgurd exits with status 0.</summary>
internal sealed class StopCommand(NodeLifetime lifetime) : RpcCommand("stop", "utility", "Shut down the node.")
{
    public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        // The answer is written before the server closes connections (RpcServer.StopAsync drains first).
        lifetime.RequestStop("stop command");
        return Task.FromResult(new JsonObject { ["result"] = "Shutdown complete" });
    }
}
