using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>ping id [len] [pongbytes]</c>: sends a BOLT 1 <c>ping</c> with <c>len</c> bytes of padding asking for
/// <c>pongbytes</c> in reply, and returns <c>totlen</c>, the length of the <c>pong</c> message (0 when none is asked).
/// </summary>
internal sealed class PingCommand(PeerManager peers) : RpcCommand("ping", "network",
    "Send a ping to a connected peer and wait for its pong.",
    RpcParam.Required("id", RpcParamType.NodeId, "the peer's node id"),
    RpcParam.Optional("len", RpcParamType.U32, "bytes of padding in the ping", 128u),
    RpcParam.Optional("pongbytes", RpcParamType.U32, "bytes asked for in the pong", 128u))
{
    // A ping is type (2) + num_pong_bytes (2) + byteslen (2) + padding, and a message is at most 65535 bytes.
    private const uint MaxPadding = ushort.MaxValue - 6;

    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var id = new NodeId(arguments.Get<PublicKey>("id"));
        var len = arguments.Get<uint>("len");
        var pongBytes = arguments.Get<uint>("pongbytes");
        if (len > MaxPadding)
            throw new RpcException(RpcError.InvalidParams($"len: should be at most {MaxPadding}: invalid token '{len}'"));
        if (pongBytes > ushort.MaxValue)
            throw new RpcException(RpcError.InvalidParams($"pongbytes: should be at most {ushort.MaxValue}: invalid token '{pongBytes}'"));
        try
        {
            var totlen = await peers.PingAsync(id, (ushort)len, (ushort)pongBytes, cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["totlen"] = totlen };
        }
        catch (PeerConnectException e)
        {
            throw new RpcException(RpcErrorCodes.Generic, e.Message);
        }
    }
}
