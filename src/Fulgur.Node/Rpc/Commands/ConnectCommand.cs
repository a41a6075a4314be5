using System.Text.Json.Nodes;
using Fulgur.Node.Config;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>connect id[@host[:port]] [host] [port]</c>: dials a peer, completes the BOLT 8 handshake and <c>init</c>, and
/// returns <c>id</c>, <c>features</c>, <c>direction</c> and <c>address</c> (interfaces.md §6). Without a host, the
/// address we last dialled is used; an already connected peer is returned as it is.
/// </summary>
internal sealed class ConnectCommand(PeerManager peers, BitcoinNetwork network) : RpcCommand("connect", "network",
    "Connect to a peer and exchange init with it.",
    RpcParam.Required("id", RpcParamType.Text, "the node id, optionally with @host or @host:port"),
    RpcParam.Optional("host", RpcParamType.Text, "the host to dial"),
    RpcParam.Optional("port", RpcParamType.U32, "the port to dial"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var text = arguments.Get<string>("id");
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var idText = at < 0 ? text : text[..at];
        if (!NodeId.TryParse(idText, out var id))
            throw new RpcException(RpcError.InvalidParams($"id: should be a node id (66 hex characters): invalid token '{idText}'"));
        arguments.TryGet<string>("host", out var host);
        var hasPort = arguments.TryGet<uint>("port", out var port);
        if (hasPort && (port == 0 || port > ushort.MaxValue))
            throw new RpcException(RpcError.InvalidParams($"port: should be 1-65535: invalid token '{port}'"));

        HostPort? address = null;
        if (at >= 0)
        {
            if (host is not null)
                throw new RpcException(RpcError.InvalidParams("host: Can't specify host as both xxx@yyy and separate argument"));
            var portDefault = hasPort ? (ushort)port : network.DefaultPeerPort();
            if (!HostPort.TryParse(text[(at + 1)..], portDefault, out address, out var why))
                throw new RpcException(RpcError.InvalidParams($"id: bad address '{text[(at + 1)..]}': {why}"));
        }
        else if (host is not null)
        {
            if (!HostPort.TryParse(host, hasPort ? (ushort)port : network.DefaultPeerPort(), out address, out var why))
                throw new RpcException(RpcError.InvalidParams($"host: bad address '{host}': {why}"));
            if (hasPort)
                address = address! with { Port = (ushort)port };
        }
        else if (hasPort)
        {
            throw new RpcException(RpcError.InvalidParams("port: Can't specify port without host"));
        }

        PeerInfo peer;
        try
        {
            peer = await peers.ConnectAsync(id, address, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerConnectException e)
        {
            throw new RpcException(RpcErrorCodes.Generic, e.Message);
        }
        return new JsonObject
        {
            ["id"] = peer.Id.ToHex(),
            ["features"] = peer.Features.ToHex(),
            ["direction"] = peer.Direction == PeerDirection.Outgoing ? "out" : "in",
            ["address"] = new JsonObject { ["type"] = peer.Address.AddressType, ["address"] = peer.Address.Host, ["port"] = peer.Address.Port },
        };
    }
}
