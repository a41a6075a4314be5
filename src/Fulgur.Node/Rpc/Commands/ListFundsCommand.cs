using System.Text.Json.Nodes;
using Fulgur.Node.Wallet;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>listfunds</c>: the on-chain wallet's unspent outputs with Core Lightning's fields (interfaces.md §6), and
/// <c>channels</c> (empty until channels exist).
/// </summary>
internal sealed class ListFundsCommand(OnchainWallet wallet, Channels.ChannelManager? channels = null, Peers.IPeerNetwork? peers = null) : RpcCommand("listfunds", "bitcoin",
    "Show the on-chain wallet's unspent outputs and the funds in channels.")
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        await wallet.LoadAsync(cancellationToken).ConfigureAwait(false);
        var outputs = new JsonArray();
        foreach (var utxo in wallet.Outputs.Where(u => u.Status != UtxoStatus.Spent)
                     .OrderBy(u => u.BlockHeight?.Value ?? uint.MaxValue).ThenBy(u => u.OutPoint.ToString(), StringComparer.Ordinal))
        {
            var output = new JsonObject
            {
                ["txid"] = utxo.OutPoint.TxId.ToString(),
                ["output"] = utxo.OutPoint.Index,
                ["value"] = utxo.Value.Value,
                ["amount_msat"] = utxo.Value.Value * 1000,
                ["address"] = wallet.AddressOf(utxo.ScriptPubKey),
                ["status"] = utxo.Status == UtxoStatus.Confirmed ? "confirmed" : "unconfirmed",
            };
            // Core Lightning omits blockheight for unconfirmed outputs.
            if (utxo.Status == UtxoStatus.Confirmed && utxo.BlockHeight is { } height)
                output["blockheight"] = height.Value;
            outputs.Add(output);
        }
        var funds = new JsonArray();
        foreach (var v in channels?.Channels ?? [])
        {
            if (v.FundingOutPoint is not { } funding)
                continue;
            var entry = new JsonObject { ["peer_id"] = v.Peer.ToHex(), ["connected"] = peers?.IsConnected(v.Peer) ?? false, ["state"] = v.State };
            if (v.ShortChannelId is { } scid)
                entry["short_channel_id"] = scid.ToString();
            entry["our_amount_msat"] = v.ToUs.Value;
            entry["amount_msat"] = v.Total.Value;
            entry["funding_txid"] = funding.TxId.ToString();
            entry["funding_output"] = funding.Index;
            funds.Add(entry);
        }
        return new JsonObject { ["outputs"] = outputs, ["channels"] = funds };
    }
}
