using System.Text.Json.Nodes;
using Fulgur.Node.Invoices;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>delinvoice label status</c>: deletes the invoice if its status is still <c>status</c>; returns it.</summary>
internal sealed class DelInvoiceCommand(InvoiceService invoices) : RpcCommand("delinvoice", "payment",
    "Delete the invoice with a label, if its status is the one given.",
    RpcParam.Required("label", RpcParamType.Text, "the invoice's label"),
    RpcParam.Required("status", RpcParamType.Text, "paid, unpaid or expired"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var text = arguments.Get<string>("status");
        // interfaces.md §6: "`delinvoice` with a status that is not `paid`/`unpaid`/`expired` is -32602."
        if (!Invoice.TryParseStatus(text, out var status))
            throw new RpcException(RpcError.InvalidParams($"status: '{text}' is not paid, unpaid or expired"));
        var now = invoices.Now;
        var result = await invoices.DeleteAsync(arguments.Get<string>("label"), status, cancellationToken).ConfigureAwait(false);
        return result.Error switch
        {
            InvoiceDeleteError.None => InvoiceJson.ToJson(result.Invoice!, now),
            InvoiceDeleteError.NotFound => throw new RpcException(InvoiceErrorCodes.NotFound, result.Message),
            _ => throw new RpcException(InvoiceErrorCodes.StatusMismatch, result.Message,
                result.Invoice is null ? null : InvoiceJson.ToJson(result.Invoice, now)),
        };
    }
}
