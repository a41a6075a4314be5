using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>listpeers [id]</c>: connected peers, and peers we have channels with even when disconnected, with Core
/// Lightning's fields: <c>id</c>, <c>connected</c>, <c>netaddr</c> (omitted for a peer never connected),
/// <c>features</c> (while connected) and <c>channels</c>.
/// </summary>
internal sealed class ListPeersCommand(PeerManager peers, Channels.ChannelManager? channels = null) : RpcCommand("listpeers", "network",
    "List connected peers, and peers we have channels with.",
    RpcParam.Optional("id", RpcParamType.NodeId, "only this peer"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        NodeId? only = arguments.TryGet<PublicKey>("id", out var key) ? new NodeId(key) : null;
        var list = new SortedDictionary<NodeId, JsonObject>();
        foreach (var peer in peers.ConnectedPeers)
        {
            list[peer.Id] = new JsonObject
            {
                ["id"] = peer.Id.ToHex(),
                ["connected"] = true,
                ["netaddr"] = new JsonArray(peer.Address.ToString()),
                ["features"] = peer.Features.ToHex(),
                ["channels"] = ChannelsOf(peer.Id, true),
            };
        }
        foreach (var stored in await peers.ListStoredAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!stored.HasChannels || list.ContainsKey(stored.Id))
                continue;
            var entry = new JsonObject { ["id"] = stored.Id.ToHex(), ["connected"] = false };
            // interfaces.md §6: "no `netaddr` for a peer never connected"; we store only addresses we connected to.
            if (stored.Address is { } address)
                entry["netaddr"] = new JsonArray(address.ToString());
            entry["channels"] = ChannelsOf(stored.Id, false);
            list[stored.Id] = entry;
        }
        var result = new JsonArray();
        foreach (var (id, entry) in list)
        {
            if (only is null || only == id)
                result.Add(entry);
        }
        return new JsonObject { ["peers"] = result };
    }

    private JsonArray ChannelsOf(NodeId peer, bool connected)
    {
        var list = new JsonArray();
        foreach (var view in channels?.Channels ?? [])
        {
            if (view.Peer == peer)
                list.Add(ListPeerChannelsCommand.Json(view, connected, includePeer: false));
        }
        return list;
    }
}
