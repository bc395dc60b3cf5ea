import Iron
