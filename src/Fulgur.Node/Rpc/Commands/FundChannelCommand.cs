using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Node.Chain;
using Fulgur.Node.Channels;
using Fulgur.Node.Wallet;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>fundchannel id amount [feerate] [announce]</c>: opens a channel funded from the on-chain wallet; answers
/// <c>tx</c>, <c>txid</c>, <c>channel_id</c>, <c>outnum</c> (interfaces.md §6) once the funding transaction is broadcast.
/// </summary>
internal sealed class FundChannelCommand(ChannelManager channels, IFeeEstimator fees) : RpcCommand("fundchannel", "channels",
    "Open a channel with a connected peer, funded from the on-chain wallet.",
    RpcParam.Required("id", RpcParamType.NodeId, "the peer's node id"),
    RpcParam.Required("amount", RpcParamType.Satoshi, "the channel's capacity"),
    RpcParam.Optional("feerate", RpcParamType.Json, "urgent, normal, slow, or a number with perkb, perkw or satvb"),
    RpcParam.Optional("announce", RpcParamType.Flag, "whether to announce the channel", true))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var id = new NodeId(arguments.Get<PublicKey>("id"));
        var amount = arguments.Get<Satoshi>("amount");
        var feeRateSpec = new FeeRateSpec(FeeTarget.Normal, default);
        if (arguments.TryGet<JsonElement>("feerate", out var feerate) && !FeeRateSpec.TryParse(feerate, out feeRateSpec, out var feeError))
            throw new RpcException(RpcError.InvalidParams($"feerate: {feeError}"));
        var rate = await feeRateSpec.ResolveAsync(fees, cancellationToken).ConfigureAwait(false);
        try
        {
            var announce = arguments.Get<bool>("announce");
            var result = await channels.FundChannelAsync(id, amount, rate, announce, cancellationToken).ConfigureAwait(false);
            return new JsonObject
            {
                ["tx"] = result.Transaction.ToHex(),
                ["txid"] = result.Transaction.TxId.ToString(),
                ["channel_id"] = result.ChannelId.ToString(),
                ["outnum"] = result.OutputIndex,
            };
        }
        catch (ChannelCommandException e)
        {
            throw new RpcException(e.Code, e.Message);
        }
    }
}
