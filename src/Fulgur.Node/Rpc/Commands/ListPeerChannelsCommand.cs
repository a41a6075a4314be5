using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>listpeerchannels [id]</c>: every channel with its peer (interfaces.md §5–6).</summary>
internal sealed class ListPeerChannelsCommand(ChannelManager channels, Peers.IPeerNetwork peers) : RpcCommand("listpeerchannels", "channels",
    "List channels with their state and balances.",
    RpcParam.Optional("id", RpcParamType.NodeId, "only channels with this peer"))
{
    public override Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        NodeId? only = arguments.TryGet<PublicKey>("id", out var key) ? new NodeId(key) : null;
        var list = new JsonArray();
        foreach (var view in channels.Channels.Where(v => only is null || v.Peer == only))
            list.Add(Json(view, peers.IsConnected(view.Peer), includePeer: true));
        return Task.FromResult(new JsonObject { ["channels"] = list });
    }

    /// <summary>One channel with Core Lightning's fields, including the seed-era msatoshi aliases.</summary>
    internal static JsonObject Json(ChannelView v, bool connected, bool includePeer)
    {
        var o = new JsonObject();
        if (includePeer)
        {
            o["peer_id"] = v.Peer.ToHex();
            o["connected"] = connected;
        }
        o["state"] = v.State;
        // Omitted before lock-in, as Core Lightning does.
        if (v.ShortChannelId is { } scid)
            o["short_channel_id"] = scid.ToString();
        o["channel_id"] = v.ChannelId.ToString();
        if (v.FundingOutPoint is { } funding)
        {
            o["funding_txid"] = funding.TxId.ToString();
            o["funding_outnum"] = funding.Index;
        }
        o["opener"] = v.Opener ? "local" : "remote";
        // Core Lightning's "private": the channel is not announced to the network (fundchannel announce=false).
        o["private"] = v.Private;
        // Core Lightning's feerate object (omitted before funding).
        if (v.Feerate.SatPerKw > 0)
            o["feerate"] = new JsonObject { ["perkw"] = v.Feerate.SatPerKw, ["perkb"] = v.Feerate.SatPerKvB };
        o["msatoshi_to_us"] = v.ToUs.Value;
        o["to_us_msat"] = v.ToUs.Value;
        o["msatoshi_total"] = v.Total.Value;
        o["total_msat"] = v.Total.Value;
        o["spendable_msat"] = v.Spendable.Value;
        o["receivable_msat"] = v.Receivable.Value;
        var htlcs = new JsonArray();
        foreach (var h in v.Htlcs)
        {
            htlcs.Add(new JsonObject
            {
                ["direction"] = h.Incoming ? "in" : "out",
                ["id"] = h.Id,
                ["msatoshi"] = h.Amount.Value,
                ["amount_msat"] = h.Amount.Value,
                ["expiry"] = h.Expiry.Value,
                ["payment_hash"] = h.PaymentHash.ToString(),
                ["state"] = HtlcStateName(h.State),
            });
        }
        o["htlcs"] = htlcs;
        return o;
    }

    /// <summary>Core Lightning's HTLC state names (SENT_ADD_HTLC, RCVD_ADD_ACK_REVOCATION, …).</summary>
    internal static string HtlcStateName(HtlcState state)
    {
        var name = state.ToString();
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
                sb.Append('_');
            sb.Append(char.ToUpperInvariant(name[i]));
        }
        return sb.ToString();
    }
}
