using System.Text.Json.Nodes;
using Fulgur.Node.Channels;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Rpc.Commands;

/// <summary>
/// <c>close id [unilateraltimeout]</c>: mutual close through shutdown/closing_signed, or our commitment after the
/// timeout (default 48 hours, as Core Lightning); answers <c>tx</c>, <c>txid</c>, <c>type</c>.
/// </summary>
internal sealed class CloseCommand(ChannelManager channels) : RpcCommand("close", "channels",
    "Close a channel, mutually if the peer cooperates in time, else unilaterally.",
    RpcParam.Required("id", RpcParamType.Text, "a channel id, short channel id or peer id"),
    RpcParam.Optional("unilateraltimeout", RpcParamType.U32, "seconds before closing unilaterally (0: never)", 172800u))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var view = channels.Lookup(arguments.Get<string>("id"))
            ?? throw new RpcException(RpcError.InvalidParams("id: Short channel ID not found"));
        var seconds = arguments.TryGet<uint>("unilateraltimeout", out var s) ? s : 172800u;
        var timeout = seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
        try
        {
            var result = await channels.CloseAsync(view.ChannelId, timeout, cancellationToken).ConfigureAwait(false);
            return new JsonObject
            {
                ["tx"] = result.Transaction.ToHex(),
                ["txid"] = result.Transaction.TxId.ToString(),
                ["type"] = result.Mutual ? "mutual" : "unilateral",
            };
        }
        catch (ChannelCommandException e)
        {
            throw new RpcException(e.Code, e.Message);
        }
    }
}
