def reseau(request):
    return {"reseau": getattr(request, "reseau", None)}
