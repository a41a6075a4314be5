using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Gossip;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>listchannels [short_channel_id] [source] [destination]</c>: the channel directions we know from gossip (and our
/// private channels), with interfaces.md §6's fields.
/// </summary>
internal sealed class ListChannelsCommand(GossipManager gossip) : RpcCommand("listchannels", "channels",
    "Show the channels known from gossip, one entry per direction, optionally only one channel or those from or to a node.",
    RpcParam.Optional("short_channel_id", RpcParamType.ShortChannelId, "only this channel"),
    RpcParam.Optional("source", RpcParamType.NodeId, "only directions from this node"),
    RpcParam.Optional("destination", RpcParamType.NodeId, "only directions to this node"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ShortChannelId? scid = arguments.TryGet<ShortChannelId>("short_channel_id", out var s) ? s : null;
        var source = arguments.TryGet<PublicKey>("source", out var src) ? new NodeId(src) : null;
        var destination = arguments.TryGet<PublicKey>("destination", out var dst) ? new NodeId(dst) : null;
        var list = new JsonArray();
        foreach (var c in await gossip.ListChannelsAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((scid is { } only && c.Update.ShortChannelId != only) || (source is not null && c.Source != source)
                || (destination is not null && c.Destination != destination))
                continue;
            list.Add(ToJson(c));
        }
        return new JsonObject { ["channels"] = list };
    }

    internal static JsonObject ToJson(ChannelListing c)
    {
        var u = c.Update;
        return new JsonObject
        {
            ["source"] = c.Source.ToHex(),
            ["destination"] = c.Destination.ToHex(),
            ["short_channel_id"] = u.ShortChannelId.ToString(),
            ["direction"] = (int)u.Direction,
            ["public"] = c.IsPublic,
            ["satoshis"] = c.Capacity.Value,
            ["amount_msat"] = MilliSatoshi.FromSatoshi(c.Capacity).Value,
            ["message_flags"] = u.MessageFlags.Value,
            ["channel_flags"] = u.ChannelFlags.Value,
            ["active"] = !u.IsDisabled,
            ["last_update"] = u.Timestamp.Value,
            ["base_fee_millisatoshi"] = u.FeeBaseMsat.Value,
            ["fee_per_millionth"] = u.FeeProportionalMillionths,
            ["delay"] = u.CltvExpiryDelta.Value,
            ["htlc_minimum_msat"] = u.HtlcMinimumMsat.Value,
            ["htlc_maximum_msat"] = u.HtlcMaximumMsat.Value,
        };
    }
}
