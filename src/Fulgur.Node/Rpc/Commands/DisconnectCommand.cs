using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>disconnect id [force]</c>: closes the connection with a peer; a peer we have channels with needs <c>force</c>.</summary>
internal sealed class DisconnectCommand(PeerManager peers) : RpcCommand("disconnect", "network",
    "Disconnect from a connected peer.",
    RpcParam.Required("id", RpcParamType.NodeId, "the peer's node id"),
    RpcParam.Optional("force", RpcParamType.Flag, "disconnect even if we have channels with the peer", false))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var id = new NodeId(arguments.Get<PublicKey>("id"));
        if (!peers.IsConnected(id))
            throw new RpcException(RpcErrorCodes.Generic, "Peer not connected");
        if (peers.HasChannels(id) && !arguments.Get<bool>("force"))
            throw new RpcException(RpcErrorCodes.Generic, "Peer has (at least one) channel: use force=true to disconnect anyway");
        if (!await peers.DisconnectAsync(id, "disconnect command").ConfigureAwait(false))
            throw new RpcException(RpcErrorCodes.Generic, "Peer not connected");
        return [];
    }
}
